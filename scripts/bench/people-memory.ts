/**
 * People-memory mode: the connector's peak RSS while the bulk route holds the people set of a
 * large search. The fake holds N people and few deliveries and activities, has no rate limit, and
 * answers at once; the connector runs unpaced, so only memory is measured, not time.
 */
import { rmSync } from 'node:fs';
import { SIZE_PRESETS, startFakeApi } from '../../fake-api/index.js';
import { TEST_PACE_VARIABLE } from '../../src/cli.js';
import { configuredCatalog, discoverFake, tempDir, writeJson } from '../../test/helpers/connector.js';
import { runMeasured } from './connector.js';
import { outcomes } from './requests.js';

const KEY = 'bench-key';
/**
 * Streams whose bulk route needs the whole people set, with the search itself. Not
 * customer_relationships: at a million people its route still asks every related person (about
 * 40% of the fake's), hundreds of thousands of requests; its related set is an IdSet like this one.
 */
export const MEMORY_STREAMS = ['customers', 'messages', 'customer_messages', 'activities', 'customer_activities'] as const;
/** Far above any rate a workspace allows: the read is bound by the fake and the connector only. */
const UNPACED = 100_000;

export interface PeopleMemoryResult {
  people: number;
  streams: string[];
  exitCode: number;
  records: number;
  requests: number;
  seconds: number;
  peakRssMb: number | undefined;
  errors: string[];
  /** What the connector logged of its route choices. */
  routes: string[];
}

/** The messages of the LOG lines that tell a route choice. */
function routeLogs(lines: readonly string[]): string[] {
  return lines.filter((l) => l.startsWith('{"type":"LOG"')).map((l) => (JSON.parse(l) as { log: { message: string } }).log.message).filter((m) => m.includes(' route'));
}

export async function benchPeopleMemory(o: { people: number; node: string; streams: readonly string[] | undefined }, log: (text: string) => void): Promise<PeopleMemoryResult> {
  log(`Generating ${o.people} people...\n`);
  const size = { ...SIZE_PRESETS.tiny, people: o.people, messages: 20_000, activities: 20_000 };
  const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size, seed: 42 }, requestsPerSecond: 0 });
  const dir = tempDir();
  const pace = process.env[TEST_PACE_VARIABLE];
  try {
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir, {});
    const streams = (o.streams ?? MEMORY_STREAMS).filter((s) => discovered.some((d) => d.name === s));
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog(streams.map((name) => ({ name })), discovered));
    api.clearLog();
    log(`Reading ${streams.join(', ')} unpaced...\n`);
    process.env[TEST_PACE_VARIABLE] = String(UNPACED);
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog], { node: o.node });
    const others = outcomes(run.sink.others);
    return {
      people: o.people,
      streams,
      exitCode: run.code,
      records: run.sink.records,
      requests: api.requests.length,
      seconds: run.seconds,
      peakRssMb: run.usage === undefined ? undefined : run.usage.maxRssKb / 1024,
      errors: others.errors,
      routes: routeLogs(run.sink.others),
    };
  } finally {
    if (pace === undefined) delete process.env[TEST_PACE_VARIABLE];
    else process.env[TEST_PACE_VARIABLE] = pace;
    rmSync(dir, { recursive: true, force: true });
    await api.close();
  }
}

export function peopleMemoryReport(r: PeopleMemoryResult): string {
  return [
    `People memory: ${r.people.toLocaleString('en-US')} people; streams ${r.streams.join(', ')}`,
    `exit ${r.exitCode}; ${r.records.toLocaleString('en-US')} records; ${r.requests.toLocaleString('en-US')} requests; ${r.seconds.toFixed(1)} s`,
    `peak RSS ${r.peakRssMb === undefined ? '-' : r.peakRssMb.toFixed(0)} MB (target ≤ 300 MB at 1,000,000 people)`,
    ...r.routes.map((l) => `log: ${l}`),
    ...r.errors.slice(0, 5).map((e) => `error: ${e}`),
  ].join('\n');
}
