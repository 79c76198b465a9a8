// acceptance-test-config.yml against what the connector discovers: the catalogs it names, the
// streams it declares empty and the future state it gives. CAT itself needs a real workspace;
// these checks hold the file to the connector so that a run there can pass.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import type { StreamName } from '../src/streams/types.js';
import { discoverFake, ofType, ROOT, runConnector, tempDir, writeJson, type Json } from '../test/helpers/connector.js';
import { acceptanceCatalog, PER_PERSON_STREAMS } from './acceptance.js';
import { FIXTURE_DATASET, FIXTURE_KEY } from './fixture.js';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Json;
const cat = parseYaml(readFileSync(path.join(ROOT, 'acceptance-test-config.yml'), 'utf8')) as {
  acceptance_tests: Record<string, { tests?: Json[] }>;
};
const testsOf = (suite: string): Json[] => cat.acceptance_tests[suite]?.tests ?? [];
const nameOf = (configured: Json) => (configured['stream'] as Json)['name'] as string;

describe('acceptance-test-config.yml and the discovered catalog', () => {
  let api: FakeApi;
  let discovered: Map<string, Json>;
  let incremental: Set<string>;

  before(async () => {
    api = await startTestApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
    const { streams } = await discoverFake(api.url, FIXTURE_KEY, tempDir());
    discovered = new Map(streams.map((s) => [s['name'] as string, s]));
    incremental = new Set(streams.filter((s) => (s['supported_sync_modes'] as string[]).includes('incremental')).map((s) => s['name'] as string));
  });
  after(async () => api.close());

  test('every stream of every catalog it names is discovered, in a mode the stream supports', () => {
    const files = ['full_refresh', 'incremental'].flatMap((suite) => testsOf(suite).map((t) => t['configured_catalog_path'] as string));
    assert.ok(files.length >= 2);
    for (const file of files) {
      for (const s of readJson(file)['streams'] as Json[]) {
        const stream = discovered.get(nameOf(s));
        assert.ok(stream, `${file}: ${nameOf(s)} is not discovered`);
        assert.ok((stream['supported_sync_modes'] as string[]).includes(s['sync_mode'] as string), `${file}: ${nameOf(s)} in ${String(s['sync_mode'])}`);
      }
    }
  });

  test('its catalogs are the full ones without the per-person streams, which the basic read covers', () => {
    assert.deepEqual([...PER_PERSON_STREAMS].sort(), ['customer_activities', 'customer_messages', 'customer_relationships']);
    for (const name of PER_PERSON_STREAMS) assert.ok(STREAMS_BY_NAME.get(name as StreamName)?.personal, name);
    assert.deepEqual(readJson('integration_tests/acceptance_catalog.json'), acceptanceCatalog(readJson('integration_tests/configured_catalog.json')));
    assert.deepEqual(
      readJson('integration_tests/acceptance_catalog_incremental.json'),
      acceptanceCatalog(readJson('integration_tests/configured_catalog_incremental.json')),
    );
    const full = new Set((readJson('integration_tests/acceptance_catalog.json')['streams'] as Json[]).map(nameOf));
    const inc = (readJson('integration_tests/acceptance_catalog_incremental.json')['streams'] as Json[]);
    assert.deepEqual([...full].sort(), [...discovered.keys()].filter((n) => !PER_PERSON_STREAMS.has(n)).sort());
    assert.deepEqual(inc.map(nameOf).sort(), [...incremental].filter((n) => !PER_PERSON_STREAMS.has(n)).sort());
    for (const s of inc) assert.equal(s['sync_mode'], 'incremental', nameOf(s));
  });

  test('declared empty streams are discovered, each with its reason, and spare what the README asks a workspace to hold', () => {
    for (const t of testsOf('basic_read')) {
      const empty = (t['empty_streams'] as Array<{ name: string; bypass_reason?: string }> | undefined) ?? [];
      for (const e of empty) {
        assert.ok(discovered.has(e.name), `${e.name} is not discovered`);
        assert.ok(e.bypass_reason?.trim(), `${e.name} has no bypass_reason`);
      }
      // CAT leaves declared empty streams out of the basic read. A workspace with a campaign and a
      // newsletter that sent messages, a segment with people and a sender identity fills these.
      const names = new Set(empty.map((e) => e.name));
      const filled = [
        'campaigns', 'campaign_actions', 'campaign_metrics', 'campaign_action_metrics', 'campaign_journey_metrics', 'campaign_messages',
        'newsletters', 'newsletter_variants', 'newsletter_metrics', 'newsletter_messages', 'segments', 'segment_membership', 'messages',
        'customers', 'customer_attributes', 'customer_messages', 'sender_identities', 'workspaces', 'info_ip_addresses', 'subscription_channels',
      ];
      for (const name of filled) assert.ok(!names.has(name), `${name} is read by the basic read`);
    }
  });

  test('the future state covers exactly the incremental streams, each cursor far ahead', () => {
    const states = readJson('integration_tests/abnormal_state.json') as unknown as Json[];
    const byName = new Map(states.map((s) => [((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string, (s['stream'] as Json)['stream_state'] as Json]));
    assert.equal(byName.size, states.length, 'one state per stream');
    assert.deepEqual([...byName.keys()].sort(), [...incremental].sort());
    const century = Date.now() / 1000 + 100 * 365 * 86_400;
    for (const [name, state] of byName) {
      assert.equal(states.find((s) => (s['type'] as string) !== 'STREAM'), undefined);
      const cursor = (discovered.get(name)!['default_cursor_field'] as string[])[0]!;
      assert.ok(Number(state[cursor]) > century, `${name}: ${cursor} is not far in the future`);
    }
    // CAT at high strictness: every incremental stream of the suite's catalog has a future state.
    for (const t of testsOf('incremental')) {
      const future = t['future_state'] as { future_state_path: string; missing_streams?: Array<{ name: string }> };
      assert.equal(future.future_state_path, 'integration_tests/abnormal_state.json');
      const missing = new Set((future.missing_streams ?? []).map((m) => m.name));
      for (const s of readJson(t['configured_catalog_path'] as string)['streams'] as Json[]) {
        assert.ok(byName.has(nameOf(s)) || missing.has(nameOf(s)), `${nameOf(s)} has no future state`);
      }
    }
  });

  test('the invalid config fails check on its key (HTTP 401), not on reaching a host', async () => {
    for (const t of testsOf('connection').filter((c) => c['status'] === 'failed')) {
      const invalid = readJson(t['config_path'] as string);
      assert.equal(invalid['base_url'], undefined, 'CAT sends it to the real API');
      // Here the fake stands in for the real API; it refuses the key as Customer.io does.
      const config = writeJson(tempDir(), 'invalid.json', { ...invalid, base_url: api.url });
      const check = await runConnector(['check', '--config', config]);
      assert.equal(check.code, 0);
      const status = ofType(check.messages, 'CONNECTION_STATUS');
      assert.equal(status.length, 1);
      assert.equal(status[0]!['status'], 'FAILED');
      assert.match(String(status[0]!['message']), /HTTP 401/);
    }
  });
});
