// The HTTP server: rate limit, fault injection, auth, routing and the request log.
import { setTimeout as wait } from 'node:timers/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDataset } from './dataset.js';
import { errorBody, HttpError } from './errors.js';
import { FaultInjector, faultLabel, type FaultLabel, type FaultProfile } from './faults.js';
import { TokenBucket } from './rate-limit.js';
import { Router, type MetricsShape } from './router.js';
import { allRoutes } from './routes/index.js';
import { matchPlainList } from './routes/plain-lists.js';
import type { DatasetOptions } from './sizes.js';
import type { Dataset } from './types.js';

export interface FakeApiOptions {
  apiKey: string;
  /** Serve this dataset (it stays live: changes to it show up in later responses). */
  dataset?: Dataset;
  /** Used to generate a dataset when `dataset` is not given. */
  datasetOptions?: DatasetOptions;
  /** Token bucket rate and capacity; default 10; 0 or Infinity = unlimited. */
  requestsPerSecond?: number;
  faults?: FaultProfile;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** 'spec' (default): metric.series of arrays; 'list': series.series of per-step objects. */
  metricsShape?: MetricsShape;
  /**
   * Answer like a host of the other data center: every authenticated request gets 301 "wrong
   * datacenter" with a Location on the host of `keyRegion`, the region the key belongs to
   * (customerio/customerio-node issue 134). `locationOrigin` replaces that host, e.g. with a
   * second fake that must never be called.
   */
  wrongRegion?: { keyRegion: 'us' | 'eu'; locationOrigin?: string };
  /** Delay every answer by this many ms (a far-away host), on top of any `faults.slowMs`; default 0. */
  latencyMs?: number;
  /** How the delay is waited; tests pass their own to see it asked for without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after each response (main.ts logs with it). */
  onRequest?: (entry: LoggedRequest) => void;
}

export interface LoggedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text if it was not JSON, undefined when empty. */
  body: unknown;
  /** 0 when the connection was reset without a response. */
  status: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  fault?: FaultLabel;
}

export interface FakeApi {
  /** Origin without /v1, e.g. http://127.0.0.1:41234. */
  url: string;
  dataset: Dataset;
  /** Every request in arrival order, including rate-limited and faulted ones. */
  requests: LoggedRequest[];
  setFaults(faults: FaultProfile): void;
  clearLog(): void;
  close(): Promise<void>;
}

type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string>; fault?: FaultLabel; truncate?: boolean }
  | { kind: 'reset' };

const UNAUTHORIZED = 'Unauthorized request. Make sure that you provided the right credentials.';
const REGION_ORIGINS = { us: 'https://api.customer.io', eu: 'https://api-eu.customer.io' } as const;

export async function startFakeApi(opts: FakeApiOptions): Promise<FakeApi> {
  const dataset = opts.dataset ?? generateDataset(opts.datasetOptions);
  const rate = opts.requestsPerSecond ?? 10;
  const bucket = new TokenBucket(rate);
  const faults = new FaultInjector(opts.faults);
  const router = new Router(allRoutes);
  const metricsShape = opts.metricsShape ?? 'spec';
  const requests: LoggedRequest[] = [];
  const latencyMs = opts.latencyMs ?? 0;
  const sleep = opts.sleep ?? ((ms: number) => wait(ms));

  function decide(req: IncomingMessage, entry: LoggedRequest, rawBody: string, bodyIsJson: boolean): Reply {
    if (!bucket.take()) {
      return {
        kind: 'json',
        status: 429,
        body: errorBody(429, `rate limited to ${rate} requests per 1s`),
        headers: { 'retry-after': '1' },
      };
    }
    const injected = faults.draw(requestIdentity(entry, rawBody));
    if (injected?.kind === '429') {
      return {
        kind: 'json',
        status: 429,
        body: errorBody(429, `rate limited to ${rate} requests per 1s`),
        ...(injected.retryAfter ? { headers: { 'retry-after': '1' } } : {}),
        fault: faultLabel(injected),
      };
    }
    if (injected?.kind === '5xx') {
      return { kind: 'json', status: injected.status, body: errorBody(injected.status, 'Internal server error'), fault: '5xx' };
    }
    if (injected?.kind === 'reset') return { kind: 'reset' };

    const matched = router.match(entry.method, entry.path) ?? matchPlainList(dataset, entry.method, entry.path);
    if (!matched?.route.public && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return { kind: 'json', status: 401, body: errorBody(401, UNAUTHORIZED, 'invalid_credentials') };
    }
    if (opts.wrongRegion && !matched?.route.public) {
      const origin = opts.wrongRegion.locationOrigin ?? REGION_ORIGINS[opts.wrongRegion.keyRegion];
      const location = `${origin}${req.url ?? entry.path}`;
      // The exact body Customer.io sends: no "(reference ...)" suffix.
      return { kind: 'json', status: 301, body: { errors: [{ detail: 'wrong datacenter', status: '301' }] }, headers: { location } };
    }
    const fixed = faults.fixedStatus(entry.path);
    if (fixed === 403) {
      return { kind: 'json', status: 403, body: errorBody(403, 'Forbidden: this API key may not access this resource'), fault: '403' };
    }
    if (fixed === 404) {
      return { kind: 'json', status: 404, body: errorBody(404, 'The requested resource does not exist.'), fault: '404' };
    }
    if (!matched) return { kind: 'json', status: 404, body: errorBody(404, 'The requested resource does not exist.') };
    if (!bodyIsJson) return { kind: 'json', status: 400, body: errorBody(400, 'The request body is not valid JSON.') };

    let reply: Reply;
    try {
      const body = matched.route.handler({ params: matched.params, query: entry.query, body: entry.body, path: entry.path, dataset, metricsShape });
      reply = { kind: 'json', status: 200, body };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { kind: 'json', status: error.status, body: error.body() };
    }
    // Truncation only makes sense for a successful body; other statuses go out intact.
    if (injected?.kind === 'truncate' && reply.status === 200) return { ...reply, truncate: true, fault: 'truncate' };
    return reply;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake-api.invalid');
    let body: unknown;
    let bodyIsJson = true;
    if (rawBody.trim().length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        bodyIsJson = false;
      }
    }
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);

    let reply: Reply;
    try {
      reply = decide(req, entry, rawBody, bodyIsJson);
    } catch (error) {
      process.stderr.write(`fake-api: handler crashed on ${entry.method} ${entry.path}: ${String(error)}\n`);
      reply = { kind: 'json', status: 500, body: errorBody(500, 'Internal server error') };
    }
    const delay = latencyMs + faults.slowMs;
    if (delay > 0) await sleep(delay);
    send(req, res, reply, entry);
    opts.onRequest?.(entry);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`fake-api: ${String(error)}\n`);
      res.destroy();
    });
  });
  // Resets and truncations make clients hang up mid-request; that is expected here.
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    dataset,
    requests,
    setFaults: (profile) => faults.set(profile),
    clearLog: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** method + path + sorted query + body: the unit the per-path fault cap counts. */
function requestIdentity(entry: LoggedRequest, rawBody: string): string {
  const query = Object.keys(entry.query)
    .sort()
    .map((k) => `${k}=${entry.query[k] ?? ''}`)
    .join('&');
  return `${entry.method} ${entry.path}?${query} ${rawBody}`;
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, entry: LoggedRequest): void {
  if (reply.kind === 'reset') {
    entry.fault = 'reset';
    entry.status = 0;
    req.socket.destroy();
    return;
  }
  entry.status = reply.status;
  if (reply.fault) entry.fault = reply.fault;
  const text = JSON.stringify(reply.body);
  if (reply.truncate) {
    // No content-length: the client sees a complete 200 whose JSON stops halfway.
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}
