import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { configuredCatalog, discoverFake, records, runConnector, tempDir, writeJson, type Json } from '../test/helpers/connector.js';
import { recordViolations } from '../test/helpers/record-schemas.js';

const KEY = 'sk-options-5e6f7a8b';
const discover = (api: FakeApi, dir: string, extra: Json = {}) => discoverFake(api.url, KEY, dir, extra);

describe('records match their schemas', () => {
  test('every record of every stream validates, with no undeclared field (BR-3, BR-5)', async () => {
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 13 } });
    try {
      const dir = tempDir();
      const { config, streams } = await discover(api, dir, { metrics_periods: ['hours', 'months'] });
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog(streams.map((s) => ({ name: s['name'] as string })), streams))], { timeoutMs: 300_000 });
      assert.equal(run.code, 0);
      for (const s of streams) {
        const rows = records(run.messages, s['name'] as string);
        assert.ok(rows.length > 0, `${s['name']}: no records`);
        assert.deepEqual(recordViolations(s['name'] as string, s['json_schema'] as object, rows), []);
      }
    } finally {
      await api.close();
    }
  });
});

describe('filters users ask for', () => {
  let api: FakeApi;
  let dir: string;
  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 17 } });
    dir = tempDir();
  });
  after(async () => api.close());

  const readWith = async (extra: Json, names: string[]) => {
    const { config, streams } = await discover(api, dir, extra);
    api.clearLog();
    const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, `c-${names.join('-')}.json`, configuredCatalog(names.map((name) => ({ name })), streams))]);
    assert.equal(run.code, 0);
    return run;
  };

  test('message_types keeps only those channels', async () => {
    const run = await readWith({ message_types: ['email'] }, ['messages', 'campaign_messages']);
    const types = new Set([...records(run.messages, 'messages'), ...records(run.messages, 'campaign_messages')].map((m) => m['type']));
    assert.deepEqual([...types], ['email']);
    assert.ok(api.requests.some((r) => r.path === '/v1/messages' && r.query['type'] === 'email'));
  });

  test('activity_types and include_deleted_people shape the activities requests and records', async () => {
    const types = ['event', 'attribute_change'];
    const run = await readWith({ activity_types: types, include_deleted_people: true }, ['activities']);
    const got = records(run.messages, 'activities');
    assert.ok(got.length > 0 && got.every((a) => types.includes(a['type'] as string)));
    const expected = api.dataset.activities.filter((a) => types.includes(a.type)).length;
    assert.equal(got.length, expected);
    const reqs = api.requests.filter((r) => r.path === '/v1/activities');
    assert.ok(reqs.every((r) => r.query['deleted'] === 'true' && types.includes(String(r.query['type']))));
  });

  test('customer_filter limits the people; customer_attributes keeps only the named attributes', async () => {
    const segment = api.dataset.segments[0]!;
    const members = new Set(api.dataset.segmentMembers.filter((m) => m.segment_id === segment.id).map((m) => m.cio_id));
    const run = await readWith({ customer_filter: JSON.stringify({ segment: { id: segment.id } }), customer_attributes: ['email'] }, ['customers', 'customer_attributes']);
    assert.deepEqual(records(run.messages, 'customers').map((c) => c['cio_id']).sort(), [...members].sort());
    for (const a of records(run.messages, 'customer_attributes')) assert.deepEqual(Object.keys(a['attributes'] as Json).filter((k) => k !== 'email'), []);
  });
});

test('metrics: the per-step list shape gives the same rows as the documented shape', async () => {
  const rowsFor = async (shape: 'spec' | 'list') => {
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 3, now: 1_790_000_000 }, metricsShape: shape });
    try {
      const dir = tempDir();
      const { config, streams } = await discover(api, dir);
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog([{ name: 'broadcast_metrics' }, { name: 'newsletter_metrics' }], streams))]);
      return [...records(run.messages, 'broadcast_metrics'), ...records(run.messages, 'newsletter_metrics')].map((r) => JSON.stringify({ ...r, type: undefined }));
    } finally {
      await api.close();
    }
  };
  const spec = await rowsFor('spec');
  assert.ok(spec.length > 0);
  assert.deepEqual((await rowsFor('list')).sort(), spec.sort());
});
