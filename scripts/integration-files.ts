/**
 * Writes Airbyte's files in integration_tests/ (integration_tests/airbyte-files.ts says what each
 * holds) from the connector itself and the fixed fake workspace: it discovers the streams, reads
 * the full configured catalog, and writes the catalogs, configs, states and expected records.
 *
 *   npm run build && npm run integration-files
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeApi } from '../fake-api/index.js';
import { FIXTURE_CLOCK_AT, FIXTURE_DATASET, FIXTURE_KEY } from '../integration_tests/fixture.js';
import { discoveredFiles, expectedRecordsFile, SAMPLE_CONFIG } from '../integration_tests/airbyte-files.js';
import { ofType, ROOT, runConnector, tempDir, writeJson, type Json } from '../test/helpers/connector.js';

const dir = path.join(ROOT, 'integration_tests');

const api = await startFakeApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
try {
  const tmp = tempDir();
  const config = writeJson(tmp, 'config.json', { ...SAMPLE_CONFIG, base_url: api.url });
  const disc = await runConnector(['discover', '--config', config]);
  const streams = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
  const files = discoveredFiles(streams);
  for (const [name, value] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2) + '\n');

  const catalog = files['configured_catalog.json'] as Json;
  const read = await runConnector(['read', '--config', config, '--catalog', writeJson(tmp, 'catalog.json', catalog)], { timeoutMs: 300_000, clockAt: FIXTURE_CLOCK_AT });
  if (read.code !== 0) throw new Error(`read failed: ${read.stdout.slice(-2000)}`);
  const expected = expectedRecordsFile(read.messages, catalog);
  writeFileSync(path.join(dir, 'expected_records.jsonl'), expected);
  process.stderr.write(`wrote ${Object.keys(files).length} files and ${expected.trim().split('\n').length} expected records\n`);
} finally {
  await api.close();
}
