// The commands besides read: spec, check and discover against the fake API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeApi } from '../fake-api/index.js';
import { ofType, ROOT, runConnector, tempDir, writeJson, type Json } from '../test/helpers/connector.js';
import { startTestApi } from '../test/helpers/fake.js';

const KEY = 'sk-test-4f9a8b7c6d5e';

describe('spec, check and discover', () => {
  let api: FakeApi;
  let dir: string;
  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 1 } });
    dir = tempDir();
  });
  after(async () => api.close());

  test('spec prints one SPEC equal to integration_tests/spec.json', async () => {
    const run = await runConnector(['spec']);
    assert.equal(run.code, 0);
    const specs = ofType(run.messages, 'SPEC');
    assert.equal(specs.length, 1);
    assert.deepEqual(specs[0], JSON.parse(readFileSync(path.join(ROOT, 'integration_tests', 'spec.json'), 'utf8')));
    const props = ((specs[0] as Json)['connectionSpecification'] as Json)['properties'] as Json;
    assert.equal((props['app_api_key'] as Json)['airbyte_secret'], true);
  });

  test('check: valid key SUCCEEDED; wrong key FAILED naming key type and region; both exit 0', async () => {
    const good = await runConnector(['check', '--config', writeJson(dir, 'good.json', { app_api_key: KEY, base_url: api.url })]);
    assert.equal(good.code, 0);
    assert.deepEqual(ofType(good.messages, 'CONNECTION_STATUS'), [{ status: 'SUCCEEDED' }]);
    const bad = await runConnector(['check', '--config', writeJson(dir, 'bad.json', { app_api_key: 'wrong-key-123', base_url: api.url })]);
    assert.equal(bad.code, 0);
    const status = ofType(bad.messages, 'CONNECTION_STATUS');
    assert.equal(status.length, 1);
    assert.equal(status[0]?.['status'], 'FAILED');
    assert.match(String(status[0]?.['message']), /App API key.*region/s);
    assert.ok(!bad.stdout.includes('wrong-key-123'));
  });

  test('check: an unreachable host and an invalid config are FAILED with the cause', async () => {
    const down = await runConnector(['check', '--config', writeJson(dir, 'down.json', { app_api_key: KEY, base_url: 'http://127.0.0.1:9' })], { timeoutMs: 60_000 });
    assert.equal(down.code, 0);
    assert.match(String(ofType(down.messages, 'CONNECTION_STATUS')[0]?.['message']), /reach|ECONNREFUSED/);
    const invalid = await runConnector(['check', '--config', writeJson(dir, 'inv.json', { region: 'us' })]);
    assert.equal(invalid.code, 0);
    assert.match(String(ofType(invalid.messages, 'CONNECTION_STATUS')[0]?.['message']), /app_api_key/);
  });

  test('discover: unique names, full_refresh first, cursors and keys exist in the schemas', async () => {
    const run = await runConnector(['discover', '--config', writeJson(dir, 'd.json', { app_api_key: KEY, base_url: api.url })]);
    assert.equal(run.code, 0);
    const streams = (ofType(run.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
    assert.equal(new Set(streams.map((s) => s['name'])).size, streams.length);
    for (const s of streams) {
      const modes = s['supported_sync_modes'] as string[];
      assert.equal(modes[0], 'full_refresh');
      const props = (s['json_schema'] as Json)['properties'] as Json;
      for (const key of s['source_defined_primary_key'] as string[][]) assert.ok(props[key[0] as string], `${s['name']}: PK ${key} not in schema`);
      if (modes.includes('incremental')) {
        assert.equal(s['source_defined_cursor'], true);
        assert.equal(s['is_resumable'], true);
        assert.ok(props[(s['default_cursor_field'] as string[])[0] as string], `${s['name']}: cursor not in schema`);
      } else {
        assert.equal(s['default_cursor_field'], undefined);
      }
    }
  });

  test('discover leaves out a stream the key may not read (403), with a LOG naming it', async () => {
    api.setFaults({ forbidden: ['/v1/activities'] });
    try {
      const run = await runConnector(['discover', '--config', writeJson(dir, 'd2.json', { app_api_key: KEY, base_url: api.url })]);
      assert.equal(run.code, 0);
      const names = ((ofType(run.messages, 'CATALOG')[0] as Json)['streams'] as Json[]).map((s) => s['name']);
      assert.ok(!names.includes('activities'));
      assert.ok(names.includes('campaigns'));
      assert.ok(ofType(run.messages, 'LOG').some((l) => String(l['message']).includes('activities') && String(l['message']).includes('403')));
    } finally {
      api.setFaults({});
    }
  });
});
