import { parseConfig, loadSpec, type ResolvedConfig } from './config.js';
import { CancelledError, ConnectorError, HttpError, RedirectError, errorMessage, type FailureType } from './errors.js';
import { fullCatalog, streamsFor, type ConfiguredStream } from './catalog.js';
import { createApiClient, type ApiClient } from './http/client.js';
import { createLimiter } from './http/limiter.js';
import { DEFAULT_RETRY_POLICY } from './http/retry-policy.js';
import type { JsonObject } from './protocol/messages.js';
import { recordMessage, stateMessage, streamStatusMessage, traceErrorMessage } from './protocol/messages.js';
import type { MessageWriter } from './protocol/output.js';
import { readPlanTree } from './streams/read.js';
import { STREAMS_BY_NAME } from './streams/definitions.js';
import { buildPlan, descendants, selectedRuns, type PlanNode } from './streams/plan/plan.js';
import { formatSummary } from './summary.js';
import { realEvery, startProgress, type Every } from './progress.js';
import { probeForbidden } from './discover.js';
import type { ReadContext } from './streams/types.js';

/** What a command needs from the outside world; tests and the CLI pass their own. */
export interface SourceDeps {
  writer: MessageWriter;
  now: () => number;
  /** Should end early once `signal` aborts, so that a cancelled sync does not wait out a backoff. */
  sleep: (ms: number) => Promise<void>;
  /** Aborted when the platform cancels the sync: no request starts after it, and read() stops gracefully. */
  signal?: AbortSignal;
  /** The timer of the progress lines (every 30 s while a stream runs); tests pass their own. */
  every?: Every;
}

export function openClient(config: ResolvedConfig, deps: SourceDeps, quick = false): ApiClient {
  return createApiClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    region: config.region,
    baseUrlSet: config.baseUrlSet,
    limiter: createLimiter(config.requestsPerSecond, deps.sleep, deps.signal),
    sleep: deps.sleep,
    signal: deps.signal,
    // check and discover should answer in seconds, not retry for minutes.
    ...(quick ? { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxRateLimitAttempts: 5 }, timeoutMs: 20_000 } : {}),
    log: (level, message) => void deps.writer.log(level, message),
  });
}

export async function spec(deps: SourceDeps): Promise<void> {
  await deps.writer.write({ type: 'SPEC', spec: loadSpec() });
}

/** One cheap authenticated request. Any answer is a CONNECTION_STATUS and exit 0. */
export async function check(rawConfig: unknown, deps: SourceDeps): Promise<void> {
  let config: ResolvedConfig;
  try {
    config = parseConfig(rawConfig);
  } catch (error) {
    await deps.writer.write({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: errorMessage(error) } });
    return;
  }
  deps.writer.addSecret(config.apiKey);
  const client = openClient(config, deps, true);
  try {
    await client.get('/workspaces', { tag: 'check' });
    await deps.writer.write({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) {
      // The key is valid but scoped; discover leaves out what it cannot read.
      await deps.writer.write({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED', message: 'The key is valid but may not list workspaces (403); streams it cannot read are left out of discovery.' } });
    } else if (error instanceof ConnectorError) {
      await deps.writer.write({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: error.message } });
    } else {
      throw error;
    }
  } finally {
    await client.close();
  }
}

export async function discover(rawConfig: unknown, deps: SourceDeps): Promise<void> {
  const config = parseConfig(rawConfig);
  deps.writer.addSecret(config.apiKey);
  const client = openClient(config, deps, true);
  try {
    const forbidden = await probeForbidden(client, streamsFor(config));
    const streams = fullCatalog(config).filter((s) => {
      const reason = forbidden.get(s.name);
      if (reason !== undefined) void deps.writer.log('WARN', `Stream ${s.name} is left out of the catalog: ${reason}`);
      return reason === undefined;
    });
    await deps.writer.write({ type: 'CATALOG', catalog: { streams } });
  } finally {
    await client.close();
  }
}

interface StreamProgress { count: number; total: number; running: boolean; lastState: string | undefined; failed: boolean }

const SEVERITY: Record<FailureType, number> = { config_error: 0, transient_error: 1, system_error: 2 };

/**
 * Reads every configured stream. Streams run a few at a time (so the limiter stays busy while
 * one stream waits on a sequential cursor), each wrapped in its status lifecycle; a failed stream
 * is reported and the others go on. Returns false when any stream failed or the sync was cancelled.
 */
export async function read(rawConfig: unknown, streams: ConfiguredStream[], states: Map<string, JsonObject>, deps: SourceDeps, streamConcurrency = 3): Promise<boolean> {
  const config = parseConfig(rawConfig);
  deps.writer.addSecret(config.apiKey);
  const client = openClient(config, deps);
  const ctx: ReadContext = { config, client, syncStartedAt: Math.floor(deps.now() / 1000), now: deps.now };
  const failures: Array<{ stream: string; failureType: FailureType }> = [];
  // The client refuses every request after a 3xx, so one wrong host fails all streams alike.
  let wrongHost: RedirectError | undefined;
  const w = deps.writer;

  const fail = async (name: string, error: unknown) => {
    const failureType: FailureType = error instanceof ConnectorError ? error.failureType : 'system_error';
    failures.push({ stream: name, failureType });
    if (error instanceof RedirectError) wrongHost ??= error;
    await w.write(streamStatusMessage(name, 'INCOMPLETE', deps.now()));
    await w.write(traceErrorMessage({
      message: `Stream ${name} failed: ${error instanceof ConnectorError ? error.message : 'an unexpected error; see the logs.'}`,
      failureType,
      internalMessage: error instanceof ConnectorError ? error.internalMessage : errorMessage(error),
      stack: error instanceof ConnectorError ? undefined : error instanceof Error ? error.stack : undefined,
      stream: name,
    }, deps.now()));
  };

  /** Every stream ends with a STATE after its last record; without a checkpoint of its own, the one it was given. */
  const closeWithState = async (name: string, p: StreamProgress) => {
    if (p.lastState !== undefined && p.count === 0) return;
    await w.write(stateMessage(name, p.lastState === undefined ? states.get(name) ?? {} : (JSON.parse(p.lastState) as JsonObject), p.count));
    p.count = 0;
  };

  /** Runs one tree of the read plan (a stream, or a list and the streams read per item of it), each stream with its own lifecycle. */
  const runGroup = async (root: PlanNode) => {
    const group = selectedRuns(root);
    const started = deps.now();
    const progress = new Map<string, StreamProgress>(group.map((s) => [s.def.name, { count: 0, total: 0, running: false, lastState: undefined, failed: false }]));
    const active = () => group.filter((s) => !progress.get(s.def.name)?.failed);
    for (const s of group) await w.write(streamStatusMessage(s.def.name, 'STARTED', deps.now()));
    const stopProgress = startProgress({
      every: deps.every ?? realEvery,
      now: deps.now,
      startedAt: started,
      running: () => active().map((s) => ({ stream: s.def.name, records: progress.get(s.def.name)?.total ?? 0, requests: client.requestCounts.get(s.def.name) ?? 0 })),
      log: (message) => void w.log('INFO', message),
    });
    try {
      for await (const event of readPlanTree(ctx, root)) {
        if (event.type === 'log') {
          await w.log(event.level, event.message);
          continue;
        }
        const p = progress.get(event.stream);
        if (p === undefined || p.failed) continue;
        if (event.type === 'failed') {
          p.failed = true;
          await fail(event.stream, event.error);
        } else if (event.type === 'record') {
          if (!p.running) {
            p.running = true;
            await w.write(streamStatusMessage(event.stream, 'RUNNING', deps.now()));
          }
          p.count++;
          p.total++;
          await w.write(recordMessage(event.stream, event.data, deps.now()));
        } else {
          const serialized = JSON.stringify(event.state);
          // A checkpoint equal to the previous one says nothing new (the platform may even reject
          // it after records): the records since are counted by the next different one.
          if (serialized === p.lastState) continue;
          p.lastState = serialized;
          await w.write(stateMessage(event.stream, event.state, p.count));
          p.count = 0;
        }
      }
      for (const s of active()) {
        const name = s.def.name;
        const p = progress.get(name) as StreamProgress;
        await closeWithState(name, p);
        if (!p.running) await w.write(streamStatusMessage(name, 'RUNNING', deps.now()));
        await w.log('INFO', formatSummary({ stream: name, records: p.total, seconds: (deps.now() - started) / 1000, requests: client.requestCounts.get(name) ?? 0 }));
        await w.write(streamStatusMessage(name, 'COMPLETE', deps.now()));
      }
    } catch (error) {
      if (error instanceof CancelledError) {
        // Readers stop at a request, after the records they yielded and the state covering them.
        for (const s of active()) {
          const p = progress.get(s.def.name) as StreamProgress;
          if (p.count > 0) await w.log('WARN', `${s.def.name}: ${p.count} records after the last checkpoint; the next attempt may read them again.`);
          await closeWithState(s.def.name, p);
          await w.write(streamStatusMessage(s.def.name, 'INCOMPLETE', deps.now()));
        }
      } else {
        for (const s of active()) await fail(s.def.name, error);
      }
    } finally {
      stopProgress();
    }
  };

  // Each endpoint is read once; the biggest trees start first, since they take longest.
  const plan = buildPlan(streams.map((s) => ({ def: s.def, syncMode: s.syncMode, state: states.get(s.def.name) })), STREAMS_BY_NAME);
  const groups = [...plan].sort((a, b) => descendants(b).length - descendants(a).length);
  try {
    const queue = [...groups];
    const workers = Array.from({ length: Math.min(streamConcurrency, queue.length) }, async () => {
      // After a cancel, streams not yet started stay unstarted.
      for (let g = queue.shift(); g !== undefined && deps.signal?.aborted !== true; g = queue.shift()) await runGroup(g);
    });
    await Promise.all(workers);
  } finally {
    await client.close();
  }
  if (deps.signal?.aborted) {
    await w.write(traceErrorMessage({
      message: `${new CancelledError(deps.signal.reason).message} Streams in progress stopped after their current page with a STATE covering every record sent; the next attempt resumes from there.`,
      failureType: 'transient_error',
    }, deps.now()));
    return false;
  }
  if (failures.length > 0) {
    // A wrong host is the cause of every failure: the last TRACE, the one the platform shows, names the fix.
    const worst = wrongHost ? 'config_error' : failures.reduce<FailureType>((acc, f) => (SEVERITY[f.failureType] > SEVERITY[acc] ? f.failureType : acc), 'config_error');
    await w.write(traceErrorMessage({
      message: `${wrongHost ? `${wrongHost.message} ` : ''}During the sync, these streams did not sync successfully: ${failures.map((f) => f.stream).join(', ')}.`,
      failureType: worst,
    }, deps.now()));
    return false;
  }
  return true;
}

