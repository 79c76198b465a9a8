import { Agent, request, type Dispatcher } from 'undici';
import { CancelledError, ConfigError, HttpError, RetriesExhaustedError, type RedirectError } from '../errors.js';
import type { RequestLimiter } from './limiter.js';
import { redirectError } from './redirect.js';
import { decide, DEFAULT_RETRY_POLICY, type Attempt, type RetryPolicy } from './retry-policy.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for a deleted parent). */
  allowStatuses?: readonly number[];
  /** Who asked: used only for per-stream request counts. */
  tag?: string;
}

export type JsonResponse<T> = { status: 200; body: T } | { status: number; body: undefined };

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
  post<T>(path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
  /** Requests sent, by tag (retries included). */
  readonly requestCounts: Map<string, number>;
  /** How long answers take, ms, from sending to the whole body (a moving average; 0 before the first). */
  latencyMs(): number;
  close(): Promise<void>;
}

export interface ClientDeps {
  baseUrl: string;
  apiKey: string;
  region: 'us' | 'eu';
  /** base_url, not region, chose baseUrl (the advice on a redirect names the setting to change). */
  baseUrlSet?: boolean;
  limiter: RequestLimiter;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  policy?: RetryPolicy;
  timeoutMs?: number;
  log?: (level: 'WARN' | 'INFO' | 'DEBUG', message: string) => void;
  dispatcher?: Dispatcher;
  /** Once aborted, requests in flight are abandoned and no request is sent or retried: calls reject with CancelledError. */
  signal?: AbortSignal;
}

function buildUrl(baseUrl: string, path: string, query: Query | undefined): string {
  const url = new URL(`/v1${path}`, baseUrl);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A body's JSON value, read as UTF-8 (a leading byte order mark ignored, as a text decoder would),
 * or undefined when it is not JSON (a truncated answer, a proxy's page): the client asks again.
 */
function asJson<T>(raw: Buffer): T | undefined {
  const body = raw.subarray(0, 3).equals(BOM) ? raw.subarray(3) : raw;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errors?: Array<{ detail?: string }>; meta?: { error?: string } };
    const detail = parsed.errors?.map((e) => e.detail).filter(Boolean).join('; ') ?? parsed.meta?.error;
    if (detail) return detail;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}

function networkCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; cause?: { code?: unknown } };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.cause?.code === 'string') return e.cause.code;
  }
  return 'UNKNOWN';
}

/**
 * The one HTTP client of a sync: one keep-alive undici Agent, every request through the shared
 * limiter, retries by the pure policy. The key goes only into the Authorization header; errors
 * describe a request as "METHOD /v1/path", never with headers.
 */
export function createApiClient(deps: ClientDeps): ApiClient {
  const dispatcher = deps.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 32, connect: { timeout: 15_000 } });
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const random = deps.random ?? Math.random;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const requestCounts = new Map<string, number>();
  // Measured from the request leaving the limiter, so that time queued for the rate is not counted.
  let latency = 0;
  let answered = 0;
  const observe = (ms: number) => {
    answered++;
    // The first answers set it; later ones move it a tenth of the way.
    latency += (ms - latency) / Math.min(answered, 10);
  };
  // A 3xx means this host does not serve this key: every later request would get the same answer.
  let wrongHost: RedirectError | undefined;
  // Pinned per request: even a dispatcher composed with undici's redirect interceptor then hands
  // a 3xx back instead of sending the key to the Location.
  const noRedirects = { maxRedirections: 0 };

  /** `decode` turns a 2xx body into the answer; a body it refuses (not JSON) is retried like a 5xx. */
  async function send<R>(method: 'GET' | 'POST', path: string, options: RequestOptions, decode: (raw: Buffer) => R | undefined): Promise<JsonResponse<R>> {
    const url = buildUrl(deps.baseUrl, path, options.query);
    const label = `${method} /v1${path}`;
    const tag = options.tag ?? 'other';
    for (let attemptNumber = 1; ; attemptNumber++) {
      if (wrongHost) throw wrongHost;
      if (deps.signal?.aborted) throw new CancelledError(deps.signal.reason);
      let attempt: Attempt;
      // A 2xx body, parsed after the try below: a body that is not JSON is retried, not taken for a network error.
      let body: Buffer | undefined;
      let sentAt = 0;
      try {
        const response = await deps.limiter.schedule(() => {
          sentAt = Date.now();
          // Requests queued before the first 3xx came back are not sent either.
          if (wrongHost) throw wrongHost;
          // Counted as they are sent: a request refused in the queue never cost the workspace anything.
          requestCounts.set(tag, (requestCounts.get(tag) ?? 0) + 1);
          return request(url, {
            ...noRedirects,
            method,
            dispatcher,
            signal: deps.signal,
            headers: {
              authorization: `Bearer ${deps.apiKey}`,
              accept: 'application/json',
              ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: options.body === undefined ? null : JSON.stringify(options.body),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          });
        });
        const raw = Buffer.from(await response.body.arrayBuffer());
        observe(Date.now() - sentAt);
        const status = response.statusCode;
        const ok = status >= 200 && status < 300;
        // Only an error's body is read as text (for its message); a 2xx body is parsed below.
        const text = ok ? '' : raw.toString('utf8');
        if (ok) {
          body = raw;
          // What the attempt was if decode refuses the body.
          attempt = { kind: 'bad-body' };
        } else if (status >= 300 && status < 400) {
          const location = response.headers['location'];
          wrongHost = redirectError(status, label, Array.isArray(location) ? location[0] : location, errorDetail(text), {
            region: deps.region, baseUrl: deps.baseUrl, baseUrlSet: deps.baseUrlSet ?? false,
          });
          throw wrongHost;
        } else if (options.allowStatuses?.includes(status)) {
          return { status, body: undefined };
        } else if (status === 401) {
          throw new ConfigError(
            `Customer.io refused the App API key (HTTP 401 on ${label}). Check that it is an App API key (not a Track API site id/key) and that the workspace is in the '${deps.region}' region (${deps.baseUrl}); a key of the other region is refused the same way.`,
            { internalMessage: errorDetail(text) },
          );
        } else if (status === 403) {
          throw new HttpError(
            `The App API key may not read ${label} (HTTP 403). Give the key access to this resource in Customer.io, or deselect the stream. (${errorDetail(text)})`,
            403, label, 'config_error', errorDetail(text),
          );
        } else if (status === 429 || status >= 500) {
          const retryAfter = response.headers['retry-after'];
          attempt = { kind: 'status', status, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
        } else {
          throw new HttpError(`Customer.io answered HTTP ${status} to ${label}: ${errorDetail(text)}`, status, label, 'system_error', errorDetail(text));
        }
      } catch (error) {
        // An aborted request fails like a network error; it must not be retried.
        if (deps.signal?.aborted) throw new CancelledError(deps.signal.reason);
        if (error instanceof HttpError || error instanceof ConfigError) throw error;
        attempt = { kind: 'network', code: networkCode(error) };
      }
      if (body !== undefined) {
        const value = decode(body);
        if (value !== undefined) return { status: 200, body: value };
      }
      const decision = decide(attempt, attemptNumber, policy, Date.now(), random);
      if (decision.action === 'fail') {
        if (attempt.kind === 'network' && decision.reason.startsWith('network') && attemptNumber === 1) {
          throw new HttpError(`Could not reach Customer.io at ${deps.baseUrl} (${decision.reason}).`, 0, label, 'transient_error');
        }
        throw new RetriesExhaustedError(label, attemptNumber, decision.reason);
      }
      if (attempt.kind === 'status' && attempt.status === 429) deps.limiter.pauseFor(decision.delayMs);
      // Rate limiting is routine at full speed; anything else is worth a user's attention.
      const level = attempt.kind === 'status' && attempt.status === 429 ? 'DEBUG' : 'WARN';
      deps.log?.(level, `Retrying ${label} in ${decision.delayMs} ms after ${decision.reason} (attempt ${attemptNumber}).`);
      await deps.sleep(decision.delayMs);
    }
  }

  return {
    get: <T>(path: string, options: RequestOptions = {}) => send('GET', path, options, asJson<T>),
    post: <T>(path: string, options: RequestOptions = {}) => send('POST', path, options, asJson<T>),
    requestCounts,
    latencyMs: () => latency,
    async close() {
      await deps.limiter.stop();
      await dispatcher.close();
    },
  };
}
