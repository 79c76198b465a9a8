/*
 * Airbyte's files in integration_tests/, as functions of what the connector discovers and reads
 * from the fixed fake workspace (fixture.ts). scripts/integration-files.ts writes them; tests
 * compare the committed files with these functions, so a stream added to the table that is
 * missing from a catalog or from expected_records.jsonl fails until the files are regenerated.
 */
import { acceptanceCatalog } from './acceptance.js';
import { FIXTURE_DATASET, FIXTURE_KEY, FIXTURE_START_DATE } from './fixture.js';
import { configuredCatalog, pkOf, type Json, type Message } from '../test/helpers/connector.js';

/** Far enough ahead that no cursor reaches it, small enough to stay an ordinary unix time. */
const FAR_FUTURE = 9_999_999_999;
/** emitted_at of every expected record: CAT compares data only, so one fixed value keeps the file stable. */
const EMITTED_AT = 1_790_000_000_000;
/** Records kept per stream in expected_records.jsonl: the first by primary key. */
const PER_STREAM = 3;

export const SAMPLE_CONFIG: Json = { app_api_key: FIXTURE_KEY, base_url: 'http://127.0.0.1:8080', start_date: FIXTURE_START_DATE, metrics_periods: ['days'] };
/** No base_url: the acceptance tests send it to the real API, which refuses the key (401). */
export const INVALID_CONFIG: Json = { app_api_key: 'not-a-valid-app-api-key', region: 'us', start_date: FIXTURE_START_DATE, metrics_periods: ['days'] };

const nameOf = (s: Json) => s['name'] as string;

/** The configured catalogs, acceptance catalogs, configs and states, by file name, from the discovered streams. */
export function discoveredFiles(streams: readonly Json[]): Record<string, unknown> {
  const all = configuredCatalog(streams.map((s) => ({ name: nameOf(s) })), [...streams]);
  const incremental = streams.filter((s) => (s['supported_sync_modes'] as string[]).includes('incremental'));
  const allIncremental = configuredCatalog(incremental.map((s) => ({ name: nameOf(s), syncMode: 'incremental' as const })), [...streams]);
  const stateFor = (value: number) =>
    incremental.map((s) => {
      const cursor = (s['default_cursor_field'] as string[])[0] as string;
      return { type: 'STREAM', stream: { stream_descriptor: { name: nameOf(s) }, stream_state: { [cursor]: value } } };
    });
  return {
    'sample_config.json': SAMPLE_CONFIG,
    'invalid_config.json': INVALID_CONFIG,
    'configured_catalog.json': all,
    'configured_catalog_incremental.json': allIncremental,
    'acceptance_catalog.json': acceptanceCatalog(all),
    'acceptance_catalog_incremental.json': acceptanceCatalog(allIncremental),
    'abnormal_state.json': stateFor(FAR_FUTURE),
    'sample_state.json': stateFor(FIXTURE_DATASET.now - 30 * 86_400),
  };
}

/** Numbers in numeric order, anything else as text: [2] before [10]. */
function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * expected_records.jsonl from a read of the configured catalog: the first records of each stream
 * by primary key, sorted by stream then key, so that the file does not depend on the order in
 * which a read's concurrent streams happen to finish.
 */
export function expectedRecordsFile(messages: readonly Message[], catalog: Json): string {
  const keyOf = new Map((catalog['streams'] as Json[]).map((c) => [nameOf(c['stream'] as Json), c['primary_key'] as string[][]]));
  const byStream = new Map<string, Array<{ key: unknown[]; data: Json }>>();
  for (const m of messages) {
    if (m.type !== 'RECORD') continue;
    const r = m['record'] as Json;
    const stream = r['stream'] as string;
    const data = r['data'] as Json;
    const list = byStream.get(stream) ?? [];
    list.push({ key: JSON.parse(pkOf(data, keyOf.get(stream) ?? [])) as unknown[], data });
    byStream.set(stream, list);
  }
  const lines: string[] = [];
  for (const stream of [...byStream.keys()].sort()) {
    const first = byStream.get(stream)!.sort((a, b) => compareKeys(a.key, b.key)).slice(0, PER_STREAM);
    for (const { data } of first) lines.push(JSON.stringify({ stream, data, emitted_at: EMITTED_AT }));
  }
  return lines.join('\n') + '\n';
}
