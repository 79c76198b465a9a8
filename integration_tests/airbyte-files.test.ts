// Drift check of Airbyte's files in integration_tests/: the committed catalogs, configs and states
// are what scripts/integration-files.ts writes from today's discover (expected_records.jsonl, which
// needs a full read, is checked in incremental.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import { STREAMS } from '../src/streams/definitions.js';
import { discoverFake, ROOT, tempDir, type Json } from '../test/helpers/connector.js';
import { discoveredFiles, SAMPLE_CONFIG } from './airbyte-files.js';
import { FIXTURE_KEY, FIXTURE_DATASET } from './fixture.js';

const committed = (name: string) => readFileSync(path.join(ROOT, 'integration_tests', name), 'utf8');
const namesIn = (catalog: Json) => new Set((catalog['streams'] as Json[]).map((s) => (s['stream'] as Json)['name'] as string));

let api: FakeApi;
let files: Record<string, unknown>;
before(async () => {
  api = await startFakeApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
  const { streams } = await discoverFake(api.url, FIXTURE_KEY, tempDir(), { start_date: SAMPLE_CONFIG['start_date'], metrics_periods: SAMPLE_CONFIG['metrics_periods'] });
  files = discoveredFiles(streams);
});
after(() => api.close());

test('every stream of the table is in the configured catalogs, incremental ones in the incremental catalog', () => {
  const full = namesIn(JSON.parse(committed('configured_catalog.json')) as Json);
  const incremental = namesIn(JSON.parse(committed('configured_catalog_incremental.json')) as Json);
  const missing = STREAMS.filter((s) => !full.has(s.name)).map((s) => s.name);
  assert.deepEqual(missing, [], `missing from configured_catalog.json (run npm run integration-files): ${missing.join(', ')}`);
  const missingIncremental = STREAMS.filter((s) => s.cursor !== undefined && !incremental.has(s.name)).map((s) => s.name);
  assert.deepEqual(missingIncremental, [], `missing from configured_catalog_incremental.json: ${missingIncremental.join(', ')}`);
});

test('the committed catalogs, configs and states are what scripts/integration-files.ts writes', () => {
  assert.ok(Object.keys(files).length >= 8);
  for (const [name, value] of Object.entries(files)) {
    assert.equal(committed(name), JSON.stringify(value, null, 2) + '\n', `integration_tests/${name} is out of date: run npm run build && npm run integration-files`);
  }
});
