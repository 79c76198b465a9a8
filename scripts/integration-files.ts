/**
 * Writes Airbyte's files in integration_tests/ from the connector itself and the fixed fake
 * workspace: configured catalogs (full refresh and incremental; the acceptance tests' ones
 * without the per-person streams), sample and invalid configs,
 * sample and abnormal states, and expected_records.jsonl (up to 3 records per stream).
 *
 *   npm run build && npx tsx scripts/integration-files.ts
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeApi } from '../fake-api/index.js';
import { FIXTURE_CLOCK_AT, FIXTURE_DATASET, FIXTURE_KEY, FIXTURE_START_DATE } from '../integration_tests/fixture.js';
import { configuredCatalog, ROOT, runConnector, tempDir, writeJson, type Json, ofType } from '../test/helpers/connector.js';
import { acceptanceCatalog } from '../integration_tests/acceptance.js';

const dir = path.join(ROOT, 'integration_tests');
const write = (name: string, value: unknown) => writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2) + '\n');
/** Far enough ahead that no cursor reaches it, small enough to stay an ordinary unix time. */
const FAR_FUTURE = 9_999_999_999;

const api = await startFakeApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
try {
  const sample = { app_api_key: FIXTURE_KEY, base_url: 'http://127.0.0.1:8080', start_date: FIXTURE_START_DATE, metrics_periods: ['days'] };
  write('sample_config.json', sample);
  // No base_url: the acceptance tests send it to the real API, which refuses the key (401).
  write('invalid_config.json', { app_api_key: 'not-a-valid-app-api-key', region: 'us', start_date: FIXTURE_START_DATE, metrics_periods: ['days'] });

  const tmp = tempDir();
  const config = writeJson(tmp, 'config.json', { ...sample, base_url: api.url });
  const disc = await runConnector(['discover', '--config', config]);
  const streams = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
  const all = configuredCatalog(streams.map((s) => ({ name: s['name'] as string })), streams);
  write('configured_catalog.json', all);
  const incremental = streams.filter((s) => (s['supported_sync_modes'] as string[]).includes('incremental'));
  const allIncremental = configuredCatalog(incremental.map((s) => ({ name: s['name'] as string, syncMode: 'incremental' as const })), streams);
  write('configured_catalog_incremental.json', allIncremental);
  write('acceptance_catalog.json', acceptanceCatalog(all));
  write('acceptance_catalog_incremental.json', acceptanceCatalog(allIncremental));
  const stateFor = (value: (cursor: string) => number) =>
    incremental.map((s) => {
      const cursor = (s['default_cursor_field'] as string[])[0] as string;
      return { type: 'STREAM', stream: { stream_descriptor: { name: s['name'] }, stream_state: { [cursor]: value(cursor) } } };
    });
  write('abnormal_state.json', stateFor(() => FAR_FUTURE));
  write('sample_state.json', stateFor(() => FIXTURE_DATASET.now - 30 * 86_400));

  const read = await runConnector(['read', '--config', config, '--catalog', writeJson(tmp, 'catalog.json', all)], { timeoutMs: 300_000, clockAt: FIXTURE_CLOCK_AT });
  if (read.code !== 0) throw new Error(`read failed: ${read.stdout.slice(-2000)}`);
  const perStream = new Map<string, number>();
  const lines: string[] = [];
  for (const m of read.messages) {
    if (m.type !== 'RECORD') continue;
    const r = m['record'] as Json;
    const n = perStream.get(r['stream'] as string) ?? 0;
    if (n >= 3) continue;
    perStream.set(r['stream'] as string, n + 1);
    lines.push(JSON.stringify({ stream: r['stream'], data: r['data'], emitted_at: 1_790_000_000_000 }));
  }
  writeFileSync(path.join(dir, 'expected_records.jsonl'), lines.join('\n') + '\n');
  process.stderr.write(`wrote ${lines.length} expected records for ${perStream.size} streams\n`);
} finally {
  await api.close();
}
