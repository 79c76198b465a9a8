import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addActivities, type FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { configuredCatalog, discoverFake, lastStates, records, runConnector, states, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';
import { recordViolations } from '../test/helpers/record-schemas.js';
import { activityStreamName, KNOWN_ACTIVITY_TYPES, OTHER_ACTIVITIES_STREAM } from '../src/streams/activity-types.js';

/* activities_layout: per_type against the fake: one stream per type, fed by one pass, equal to `activities`. */
const KEY = 'sk-per-type-7e6d5c4b';
const PER_TYPE = { activities_layout: 'per_type' };

describe('activities_layout per_type', () => {
  let api: FakeApi;
  let dir: string;
  let single: { config: string; streams: Json[] };
  let perType: { config: string; streams: Json[] };
  let singleRead: RunResult;
  let perTypeRead: RunResult;
  let singleRequests: number;
  let perTypeRequests: number;
  const typeStreams = () => perType.streams.filter((s) => (s['name'] as string).startsWith('activities_'));
  const activityRequests = () => api.requests.filter((r) => r.path === '/v1/activities');

  const read = async (found: { config: string; streams: Json[] }, names: string[], syncMode: 'full_refresh' | 'incremental' = 'full_refresh', state?: Json[], config = found.config) => {
    const catalog = writeJson(dir, `c-${Math.random().toString(36).slice(2)}.json`, configuredCatalog(names.map((name) => ({ name, syncMode })), found.streams));
    const args = ['read', '--config', config, '--catalog', catalog, ...(state ? ['--state', writeJson(dir, `s-${Math.random().toString(36).slice(2)}.json`, state)] : [])];
    const run = await runConnector(args);
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    return run;
  };

  before(async () => {
    // Enough activities for several pages of 100, so that "one pass" is visible in the request count.
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: { activities: 450 }, seed: 31 } });
    dir = tempDir();
    single = await discoverFake(api.url, KEY, dir);
    perType = await discoverFake(api.url, KEY, dir, PER_TYPE);
    api.clearLog();
    singleRead = await read(single, ['activities']);
    singleRequests = activityRequests().length;
    api.clearLog();
    perTypeRead = await read(perType, typeStreams().map((s) => s['name'] as string));
    perTypeRequests = activityRequests().length;
  });
  after(async () => api.close());

  test('discover: one incremental stream per known type and activities_other, in place of activities', () => {
    const names = perType.streams.map((s) => s['name'] as string);
    assert.ok(!names.includes('activities'));
    assert.deepEqual(typeStreams().map((s) => s['name']), [...[...KNOWN_ACTIVITY_TYPES.keys()].map(activityStreamName), OTHER_ACTIVITIES_STREAM]);
    for (const s of typeStreams()) {
      assert.deepEqual(s['supported_sync_modes'], ['full_refresh', 'incremental']);
      assert.deepEqual(s['default_cursor_field'], ['timestamp']);
      assert.deepEqual(s['source_defined_primary_key'], [['id']]);
    }
    // Every other stream is discovered as in the single layout.
    assert.deepEqual(names.filter((n) => !n.startsWith('activities')), single.streams.map((s) => s['name'] as string).filter((n) => n !== 'activities'));
  });

  test('discover: with activity_types, exactly one stream per configured type', async () => {
    const found = await discoverFake(api.url, KEY, dir, { ...PER_TYPE, activity_types: ['event', 'sent_email', '_o:1:attribute_change'] });
    assert.deepEqual(found.streams.map((s) => s['name'] as string).filter((n) => n.startsWith('activities')), ['activities_event', 'activities_sent_email', 'activities__o_1_attribute_change']);
  });

  test('the union of the per-type streams equals activities, by id, each activity in its own type\'s stream', () => {
    const all = records(singleRead.messages, 'activities');
    assert.ok(all.length > 400);
    const ids: string[] = [];
    for (const s of typeStreams()) {
      const name = s['name'] as string;
      for (const r of records(perTypeRead.messages, name)) {
        ids.push(r['id'] as string);
        if (name === OTHER_ACTIVITIES_STREAM) assert.ok(!KNOWN_ACTIVITY_TYPES.has(r['type'] as string), `${r['type']} in ${name}`);
        else assert.equal(activityStreamName(r['type'] as string), name);
      }
    }
    assert.equal(new Set(ids).size, ids.length, 'an activity in two streams');
    assert.deepEqual(ids.sort(), all.map((r) => r['id'] as string).sort());
    assert.ok(records(perTypeRead.messages, OTHER_ACTIVITIES_STREAM).length > 0, 'the fake has object activities');
  });

  test('the per-type streams share one pass: as many requests as activities alone', () => {
    assert.ok(singleRequests >= 5);
    assert.equal(perTypeRequests, singleRequests);
  });

  test('known data fields are columns; data keeps the rest', () => {
    const sent = records(perTypeRead.messages, 'activities_sent_email');
    assert.ok(sent.length > 0);
    const byId = new Map(api.dataset.activities.map((a) => [a.id, a]));
    for (const r of sent) {
      const source = byId.get(r['id'] as string)!;
      assert.equal(r['data_delivery_id'], source.data?.['delivery_id']);
      assert.equal(r['data_opened'], source.data?.['opened']);
      assert.ok('data_delivered' in r);
      assert.equal(r['data'], null);
    }
    // A type without known fields keeps data whole.
    const change = records(perTypeRead.messages, 'activities_attribute_change');
    assert.ok(change.length > 0 && change.every((r) => typeof r['data'] === 'object' && r['data'] !== null && !Object.keys(r).some((k) => k.startsWith('data_'))));
  });

  test('every record is valid against its stream\'s declared schema, with no undeclared field', () => {
    for (const s of typeStreams()) {
      assert.deepEqual(recordViolations(s['name'] as string, s['json_schema'] as object, records(perTypeRead.messages, s['name'] as string)), []);
    }
  });

  test('incremental: each stream keeps its own cursor; new activities reach their streams in an early-stopping pass', async () => {
    const names = ['activities_event', 'activities_page', 'activities_sent_email', OTHER_ACTIVITIES_STREAM];
    const first = await read(perType, names, 'incremental');
    const saved = new Map(lastStates(first.messages).map((m) => [((m['stream'] as Json)['stream_descriptor'] as Json)['name'] as string, (m['stream'] as Json)['stream_state'] as Json]));
    for (const name of names) {
      const newest = Math.max(...records(first.messages, name).map((r) => r['timestamp'] as number));
      assert.deepEqual(saved.get(name), { timestamp: newest }, name);
    }
    const added = addActivities(api.dataset, 30, api.dataset.now + 60);
    api.clearLog();
    const second = await read(perType, names, 'incremental', lastStates(first.messages));
    // The pass stops at the first page older than every stream's cursor (less the lookback), before the end of the list.
    const oldest = Math.min(...names.map((n) => (saved.get(n)?.['timestamp'] as number) - 3600));
    const pages = Math.ceil(api.dataset.activities.filter((a) => a.timestamp >= oldest).length / 100);
    const all = Math.ceil(api.dataset.activities.length / 100);
    assert.ok(pages + 1 < all, `the cursors leave ${pages} of ${all} pages to read`);
    assert.ok(activityRequests().length <= pages + 1, `${activityRequests().length} requests for ${pages} pages`);
    for (const a of added) {
      const stream = KNOWN_ACTIVITY_TYPES.has(a.type) ? activityStreamName(a.type) : OTHER_ACTIVITIES_STREAM;
      if (!names.includes(stream)) continue;
      assert.ok(records(second.messages, stream).some((r) => r['id'] === a.id), `${a.id} (${a.type}) missing from ${stream}`);
    }
    for (const name of names) {
      const was = saved.get(name)?.['timestamp'] as number;
      for (const r of records(second.messages, name)) assert.ok((r['timestamp'] as number) >= was - 3600, name);
    }
  });

  test('one type selected: the pass asks the API for that type only', async () => {
    api.clearLog();
    const run = await read(perType, ['activities_page']);
    assert.ok(records(run.messages, 'activities_page').length > 0);
    assert.ok(activityRequests().length > 0 && activityRequests().every((r) => r.query['type'] === 'page'));
  });

  test('end_date bounds every per-type stream and its state', async () => {
    const end = api.dataset.now - 10 * 86_400;
    const config = writeJson(dir, 'end.json', { app_api_key: KEY, base_url: api.url, ...PER_TYPE, end_date: new Date(end * 1000).toISOString() });
    const names = ['activities_event', 'activities_page'];
    const run = await read(perType, names, 'incremental', undefined, config);
    for (const name of names) {
      const got = records(run.messages, name);
      assert.ok(got.length > 0 && got.every((r) => (r['timestamp'] as number) <= end), name);
      for (const st of states(run.messages, name)) {
        const ts = ((st['stream'] as Json)['stream_state'] as Json)['timestamp'];
        assert.ok(ts === undefined || (ts as number) <= end, name);
      }
    }
  });
});
