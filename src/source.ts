import { parseConfig, loadSpec, type ResolvedConfig } from './config.js';
import { ConnectorError, HttpError, errorMessage } from './errors.js';
import { fullCatalog, schemaOfStream, streamsFor, type ConfiguredStream } from './catalog.js';
import { createApiClient, type ApiClient } from './http/client.js';
import { createLimiter } from './http/limiter.js';
import { DEFAULT_RETRY_POLICY } from './http/retry-policy.js';
import type { JsonObject } from './protocol/messages.js';
import type { MessageWriter } from './protocol/output.js';
import { STREAMS_BY_NAME } from './streams/definitions.js';
import { buildPlan, descendants, type PlanNode } from './streams/plan/plan.js';
import type { Every } from './progress.js';
import { FailureSummary } from './sync/failures.js';
import { runPool } from './sync/pool.js';
import { runTree } from './sync/run-tree.js';
import { probeForbidden } from './discover.js';
import type { ReadContext, StreamRun } from './streams/types.js';
import { bulkCandidates, bulkSkipLogs, peopleSearchesOf } from './streams/bulk/route.js';
import { PeopleCollector } from './streams/bulk/people.js';
import { objectRouteCandidates } from './streams/bulk/relationships.js';
import { cachedSchemas, RecordBuilders } from './streams/records.js';

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
  /**
   * Tests only: the limiter's pace in place of the config's requests_per_second, so that a test
   * that does not check pacing need not wait for it. The spec never offers it (see cli.ts).
   */
  requestsPerSecond?: number | undefined;
}

export function openClient(config: ResolvedConfig, deps: SourceDeps, quick = false): ApiClient {
  return createApiClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    region: config.region,
    baseUrlSet: config.baseUrlSet,
    limiter: createLimiter(deps.requestsPerSecond ?? config.requestsPerSecond, deps.sleep, deps.signal),
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

function runsOf(streams: readonly ConfiguredStream[], states: ReadonlyMap<string, JsonObject>): StreamRun[] {
  return streams.map((s) => ({ def: s.def, syncMode: s.syncMode, state: states.get(s.def.name) }));
}

/** The read plan of a catalog: each endpoint once, the biggest trees first since they take longest. */
export function planRead(streams: readonly ConfiguredStream[], states: ReadonlyMap<string, JsonObject>, bulk: ReadonlySet<string> = new Set()): PlanNode[] {
  const plan = buildPlan(runsOf(streams, states), STREAMS_BY_NAME, bulk);
  // A people search that a bulk route waits for starts first, so that it never waits on a tree not started.
  const searches = peopleSearchesOf(bulk, STREAMS_BY_NAME);
  const feeds = (root: PlanNode) => (searches.has(root.def.name) ? 1 : 0);
  return [...plan].sort((a, b) => feeds(b) - feeds(a) || descendants(b).length - descendants(a).length);
}

/**
 * Reads every configured stream: plans the reads, runs a few trees of the plan at a time (so the
 * limiter stays busy while one waits on a sequential cursor), and ends with the failure summary.
 * Returns false when any stream failed or the sync was cancelled.
 */
export async function read(rawConfig: unknown, streams: ConfiguredStream[], states: Map<string, JsonObject>, deps: SourceDeps, streamConcurrency = 3): Promise<boolean> {
  const config = parseConfig(rawConfig);
  deps.writer.addSecret(config.apiKey);
  const client = openClient(config, deps);
  // One record function per stream for the sync, from its schema (a per-type stream's is made from the config).
  const records = new RecordBuilders(cachedSchemas(schemaOfStream(streams.map((s) => s.def))), config);
  const base: ReadContext = { config, client, syncStartedAt: Math.floor(deps.now() / 1000), now: deps.now, records };
  const failures = new FailureSummary();
  try {
    const runs = runsOf(streams, states);
    const bulk = new Set([...bulkCandidates(runs, config), ...objectRouteCandidates(runs, config)]);
    for (const line of bulkSkipLogs(runs, config)) await deps.writer.log('INFO', line);
    const plan = planRead(streams, states, bulk);
    // A people search read anyway (its tree is in the plan, first) gives the bulk route its people set.
    const searches = peopleSearchesOf(bulk, STREAMS_BY_NAME);
    const feeder = plan.find((root) => searches.has(root.def.name));
    const ctx: ReadContext = { ...base, people: feeder === undefined ? undefined : new PeopleCollector(feeder.def.name) };
    const treeDeps = { ctx, writer: deps.writer, now: deps.now, states, failures, every: deps.every };
    await runPool(plan, streamConcurrency, (root) => runTree(root, treeDeps), deps.signal);
  } finally {
    await client.close();
  }
  const last = failures.final(deps.signal, deps.now());
  if (last) await deps.writer.write(last);
  return last === undefined;
}
