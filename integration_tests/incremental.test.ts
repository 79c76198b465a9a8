import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addActivities, addMessages, remove, touch, type FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import {
  configuredCatalog, lastStates, ofType, pkOf, records, repeatedStatesAfterRecords, ROOT, runConnector, states, statuses, tempDir, traceErrors, writeJson, type Json,
} from '../test/helpers/connector.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { expectedKeys } from './expected.js';
import { expectedRecordsFile } from './airbyte-files.js';
import { FIXTURE_DATASET, FIXTURE_KEY, FIXTURE_START_DATE, FIXTURE_CLOCK_AT } from './fixture.js';

const KEY = 'sk-incremental-9c8b7a6f';
const readJson = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'integration_tests', name), 'utf8')) as Json;
const incrementalCatalog = () => readJson('configured_catalog_incremental.json');
const incrementalStreams = () => (incrementalCatalog()['streams'] as Json[]).map((s) => (s['stream'] as Json)['name'] as string);
const cursorOf = (name: string) => (((incrementalCatalog()['streams'] as Json[]).find((s) => (s['stream'] as Json)['name'] === name) as Json)['cursor_field'] as string[])[0] as string;

/** The lookback each stream may re-read behind its saved cursor (seconds). */
const LOOKBACK = (name: string) => (cursorOf(name) === 'created' ? 30 * 86_400 : cursorOf(name) === 'timestamp' ? 3600 : 3600);

describe('incremental: two reads around changes upstream', () => {
  let api: FakeApi;
  let dir: string;
  let config: string;
  let catalog: string;
  let read1: Awaited<ReturnType<typeof runConnector>>;
  let read2: Awaited<ReturnType<typeof runConnector>>;
  let input2: Json[];
  const now = Math.floor(Date.now() / 1000);
  const changed: Record<string, string[]> = {};

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 21 } });
    dir = tempDir();
    config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
    catalog = writeJson(dir, 'catalog.json', incrementalCatalog());
    read1 = await runConnector(['read', '--config', config, '--catalog', catalog], { timeoutMs: 300_000 });
    const d = api.dataset;
    // Change upstream: updates, new deliveries and activities, deletions.
    const campaign = d.campaigns[0]!;
    touch(d, 'campaign', campaign.id, now + 5);
    const action = d.campaignActions.find((a) => a.campaign_id === d.campaigns[2]!.id)!;
    touch(d, 'campaign_action', action.id, now + 5);
    const segment = d.segments[1]!;
    touch(d, 'segment', segment.id, now + 5);
    const snippet = d.snippets[0]!;
    touch(d, 'snippet', snippet.name, now + 5);
    const newMessages = addMessages(d, 5, now - 10);
    const newActivities = addActivities(d, 4, now - 10);
    remove(d, 'newsletter', d.newsletters[0]!.id);
    changed['campaigns'] = [JSON.stringify([campaign.id])];
    changed['campaign_actions'] = [JSON.stringify([action.campaign_id, action.id])];
    changed['segments'] = [JSON.stringify([segment.id])];
    changed['snippets'] = [JSON.stringify([snippet.name])];
    changed['messages'] = newMessages.map((m) => JSON.stringify([m.id]));
    changed['activities'] = newActivities.map((a) => JSON.stringify([a.id]));
    input2 = lastStates(read1.messages);
    read2 = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 'state.json', input2)], { timeoutMs: 300_000 });
  });
  after(async () => api.close());

  test('IN-2: read 1 exits 0 with records and states', () => {
    assert.equal(read1.code, 0, JSON.stringify(traceErrors(read1.messages)));
    assert.ok(records(read1.messages).length > 0);
    for (const name of incrementalStreams()) assert.ok(states(read1.messages, name).length >= 1, name);
  });

  test('read 2 returns every changed or new record', () => {
    assert.equal(read2.code, 0, JSON.stringify(traceErrors(read2.messages)));
    for (const [name, keys] of Object.entries(changed)) {
      const pk = (incrementalCatalog()['streams'] as Json[]).find((s) => (s['stream'] as Json)['name'] === name)!['primary_key'] as string[][];
      const got = new Set(records(read2.messages, name).map((r) => pkOf(r, pk)));
      for (const k of keys) assert.ok(got.has(k), `${name}: ${k} missing from read 2`);
    }
  });

  test('read 2 skips unchanged records older than the lookback', () => {
    const saved = (name: string) => ((input2.find((s) => ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] === name)!['stream'] as Json)['stream_state'] as Json)['updated'] as number;
    const within = (list: Array<{ id: number; updated: number }>, name: string) => list.filter((x) => x.updated >= saved(name) - 3600).map((x) => x.id).sort();
    assert.deepEqual(records(read2.messages, 'campaigns').map((c) => c['id']).sort(), within(api.dataset.campaigns, 'campaigns'));
    assert.deepEqual(records(read2.messages, 'broadcasts').map((c) => c['id']).sort(), within(api.dataset.broadcasts, 'broadcasts'));
    assert.ok(records(read2.messages, 'campaigns').length < api.dataset.campaigns.length);
    // Deliveries: only the messages_lookback_days window is read again.
    const messagesSaved = ((input2.find((s) => ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] === 'messages')!['stream'] as Json)['stream_state'] as Json)['created'] as number;
    const expected = api.dataset.messages.filter((m) => m.created >= messagesSaved - 30 * 86_400).length;
    assert.equal(records(read2.messages, 'messages').length, expected);
    assert.ok(expected < api.dataset.messages.length);
  });

  test('IN-3: read 2 differs from read 1; IN-4: every record is at or after its input cursor minus the lookback', () => {
    assert.notDeepEqual(records(read2.messages), records(read1.messages));
    for (const s of input2) {
      const name = ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
      const cursor = cursorOf(name);
      const saved = ((s['stream'] as Json)['stream_state'] as Json)[cursor];
      if (typeof saved !== 'number') continue;
      for (const r of records(read2.messages, name)) {
        const v = r[cursor] as number;
        assert.ok(v >= saved - LOOKBACK(name), `${name}: ${cursor}=${v} < ${saved} - lookback`);
      }
    }
  });

  test('IN-8: no state moves backwards', () => {
    const before = new Map(input2.map((s) => [((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string, (s['stream'] as Json)['stream_state'] as Json]));
    for (const s of lastStates(read2.messages)) {
      const name = ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
      const cursor = cursorOf(name);
      const was = before.get(name)?.[cursor];
      const now2 = ((s['stream'] as Json)['stream_state'] as Json)[cursor];
      if (typeof was === 'number') assert.ok(typeof now2 === 'number' && now2 >= was, `${name}: ${was} -> ${now2}`);
    }
  });

  test('BR-14: no state repeats its predecessor after records', () => {
    assert.deepEqual(repeatedStatesAfterRecords(read1.messages), []);
    assert.deepEqual(repeatedStatesAfterRecords(read2.messages), []);
  });

  test('child streams keep a cursor per parent', () => {
    const st = lastStates(read1.messages).find((s) => ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] === 'campaign_actions')!;
    const parents = ((st['stream'] as Json)['stream_state'] as Json)['parents'] as Json;
    assert.equal(Object.keys(parents).length, api.dataset.campaigns.length);
  });
});

describe('incremental: state inputs', () => {
  let api: FakeApi;
  let dir: string;
  let config: string;
  let catalog: string;
  before(async () => {
    api = await startTestApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
    dir = tempDir();
    config = writeJson(dir, 'config.json', { ...readJson('sample_config.json'), base_url: api.url });
    catalog = writeJson(dir, 'catalog.json', incrementalCatalog());
  });
  after(async () => api.close());

  test('IN-6: the abnormal (far-future) state gives 0 records, a STATE per stream, exit 0', async () => {
    const run = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', path.join(ROOT, 'integration_tests', 'abnormal_state.json')]);
    assert.equal(run.code, 0);
    assert.equal(records(run.messages).length, 0);
    for (const name of incrementalStreams()) {
      assert.ok(states(run.messages, name).length >= 1, name);
      assert.equal(statuses(run.messages, name).at(-1), 'COMPLETE');
    }
    // The far-future cursor is kept, not replaced by an earlier one.
    for (const s of lastStates(run.messages)) {
      const st = (s['stream'] as Json)['stream_state'] as Json;
      const name = ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
      assert.equal(st[cursorOf(name)], 9_999_999_999, name);
    }
  });

  test('IN-7: [], {}, a legacy object and no --state all read from scratch; unknown streams are ignored', async () => {
    const baseline = await runConnector(['read', '--config', config, '--catalog', catalog]);
    const count = records(baseline.messages).length;
    assert.ok(count > 0);
    const shapes: unknown[] = [[], {}, { some_other_stream: { updated: 5 } }, [{ type: 'STREAM', stream: { stream_descriptor: { name: 'not_a_stream' }, stream_state: { x: 1 } } }]];
    for (const shape of shapes) {
      const run = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 'state.json', shape)]);
      assert.equal(run.code, 0);
      assert.equal(records(run.messages).length, count, JSON.stringify(shape));
    }
    const legacy = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 'legacy.json', { campaigns: { updated: 9_999_999_999 } })]);
    assert.equal(records(legacy.messages, 'campaigns').length, 0);
    assert.ok(records(legacy.messages, 'segments').length > 0);
  });

  test('a future start_date yields no records and a valid state for every incremental stream', async () => {
    const future = writeJson(dir, 'future.json', { ...readJson('sample_config.json'), base_url: api.url, start_date: '2999-01-01T00:00:00Z' });
    const run = await runConnector(['read', '--config', future, '--catalog', catalog]);
    assert.equal(run.code, 0);
    assert.equal(records(run.messages).length, 0);
    for (const name of incrementalStreams()) {
      assert.ok(states(run.messages, name).length >= 1, name);
      assert.equal(statuses(run.messages, name).at(-1), 'COMPLETE', name);
    }
  });

  test('IN-5: reading from any intermediate checkpoint returns at least the records not yet covered', async () => {
    const first = await runConnector(['read', '--config', config, '--catalog', catalog]);
    for (const name of ['messages', 'activities', 'campaign_actions', 'campaign_messages']) {
      const all = states(first.messages, name);
      const total = records(first.messages, name).length;
      let covered = 0;
      for (const [i, st] of all.entries()) {
        covered += (st['sourceStats'] as Json)['recordCount'] as number;
        if (i === all.length - 1 || i % 2 === 1) continue;
        const input = [{ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: (st['stream'] as Json)['stream_state'] } }];
        const one = configuredCatalog([{ name, syncMode: 'incremental' }], (incrementalCatalog()['streams'] as Json[]).map((s) => s['stream'] as Json));
        const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, `c-${name}.json`, one), '--state', writeJson(dir, `s-${name}.json`, input)]);
        assert.ok(records(run.messages, name).length >= total - covered, `${name} from checkpoint ${i}: ${records(run.messages, name).length} < ${total - covered}`);
      }
    }
  });
});

describe('Airbyte files in integration_tests/', () => {
  test('expected_records.jsonl appears in a read of the fixture workspace (BR-8), covering every stream', async () => {
    const api = await startTestApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
    try {
      const dir = tempDir();
      const config = writeJson(dir, 'config.json', { ...readJson('sample_config.json'), base_url: api.url });
      const run = await runConnector(['read', '--config', config, '--catalog', path.join(ROOT, 'integration_tests', 'configured_catalog.json')], { timeoutMs: 300_000, clockAt: FIXTURE_CLOCK_AT });
      assert.equal(run.code, 0);
      const strip = (r: Json) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
      const got = new Set(ofType(run.messages, 'RECORD').map((r) => `${r['stream']} ${strip(r['data'] as Json)}`));
      const lines = readFileSync(path.join(ROOT, 'integration_tests', 'expected_records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json);
      for (const e of lines) assert.ok(got.has(`${e['stream']} ${strip(e['data'] as Json)}`), `missing expected ${e['stream']} record`);
      const configured = (readJson('configured_catalog.json')['streams'] as Json[]).map((s) => (s['stream'] as Json)['name']);
      assert.deepEqual([...new Set(lines.map((l) => l['stream']))].sort(), [...configured].sort());
      // Drift check: the file is what scripts/integration-files.ts writes from this read (sorted by stream, then key).
      assert.equal(
        readFileSync(path.join(ROOT, 'integration_tests', 'expected_records.jsonl'), 'utf8'),
        expectedRecordsFile(run.messages, readJson('configured_catalog.json')),
        'integration_tests/expected_records.jsonl is out of date: run npm run build && npm run integration-files',
      );
      assert.equal(readJson('sample_config.json')['start_date'], FIXTURE_START_DATE);
    } finally {
      await api.close();
    }
  });

  test('the configured catalogs name discovered streams; the invalid config fails check', async () => {
    const api = await startTestApi({ apiKey: FIXTURE_KEY, datasetOptions: FIXTURE_DATASET });
    try {
      const dir = tempDir();
      const config = writeJson(dir, 'config.json', { ...readJson('sample_config.json'), base_url: api.url });
      const disc = await runConnector(['discover', '--config', config]);
      const names = new Set(((ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[]).map((s) => s['name']));
      for (const file of ['configured_catalog.json', 'configured_catalog_incremental.json']) {
        for (const s of readJson(file)['streams'] as Json[]) assert.ok(names.has((s['stream'] as Json)['name']), file);
      }
      const invalid = writeJson(dir, 'invalid.json', { ...readJson('invalid_config.json'), base_url: api.url });
      const check = await runConnector(['check', '--config', invalid]);
      assert.equal(check.code, 0);
      assert.equal(ofType(check.messages, 'CONNECTION_STATUS')[0]?.['status'], 'FAILED');
    } finally {
      await api.close();
    }
  });
});

describe('full refresh', () => {
  test('FR-1/FR-2/FR-3: later emitted_at, read 1 within read 2, a given state is ignored once finished', async () => {
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 4 } });
    try {
      const dir = tempDir();
      const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
      const names = ['campaigns', 'campaign_actions', 'messages', 'segment_membership', 'customers', 'activities'];
      const full = (readJson('configured_catalog.json')['streams'] as Json[]).filter((s) => names.includes((s['stream'] as Json)['name'] as string));
      const catalog = writeJson(dir, 'catalog.json', { streams: full });
      const r1 = await runConnector(['read', '--config', config, '--catalog', catalog]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r2 = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 's.json', lastStates(r1.messages))]);
      const at = (r: typeof r1) => ofType(r.messages, 'RECORD').map((m) => m['emitted_at'] as number);
      assert.ok(Math.max(...at(r1)) < Math.min(...at(r2)));
      for (const s of full) {
        const name = (s['stream'] as Json)['name'] as string;
        const pk = s['primary_key'] as string[][];
        const k1 = records(r1.messages, name).map((r) => pkOf(r, pk)).sort();
        const k2 = records(r2.messages, name).map((r) => pkOf(r, pk)).sort();
        assert.deepEqual(k2, k1, name);
        assert.deepEqual(k1, [...(expectedKeys(api.dataset, name, { messagesFrom: Math.floor(Date.now() / 1000) - DEFAULT_HISTORY_SECONDS }) ?? [])].sort(), name);
      }
    } finally {
      await api.close();
    }
  });
});

test('activities: an incremental read stops at the first page older than the cursor minus the lookback', async () => {
  const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'small', seed: 6 } });
  try {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
    const one = configuredCatalog([{ name: 'activities', syncMode: 'incremental' }], (incrementalCatalog()['streams'] as Json[]).map((s) => s['stream'] as Json));
    const catalog = writeJson(dir, 'catalog.json', one);
    api.clearLog();
    const first = await runConnector(['read', '--config', config, '--catalog', catalog], { timeoutMs: 300_000 });
    const firstRequests = api.requests.filter((r) => r.path === '/v1/activities').length;
    assert.ok(firstRequests >= 20, `only ${firstRequests} pages in the first read`);
    const added = addActivities(api.dataset, 3, Math.floor(Date.now() / 1000));
    api.clearLog();
    const second = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 'state.json', lastStates(first.messages))]);
    assert.equal(second.code, 0);
    assert.ok(api.requests.filter((r) => r.path === '/v1/activities').length <= 2);
    const ids = new Set(records(second.messages, 'activities').map((a) => a['id']));
    for (const a of added) assert.ok(ids.has(a.id));
  } finally {
    await api.close();
  }
});
