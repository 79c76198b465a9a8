// The fake API's dataset: shapes, sizes, mutators, and paging of many messages (its speed at
// the 'large' size is the benchmark's: npm run bench).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addActivities,
  addMessages,
  generateDataset,
  remove,
  SIZE_PRESETS,
  startFakeApi,
  touch,
  type FakeApi,
} from '../fake-api/index.js';

const KEY = 'test-key';
const NOW = 1_750_000_000;
const DAY = 86_400;

type Json = Record<string, unknown>;

async function get(api: FakeApi, path: string): Promise<Json> {
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(res.status, 200, path);
  return (await res.json()) as Json;
}

test('tiny preset: the promised counts, integer ids and string identifiers', () => {
  const d = generateDataset({ size: 'tiny', now: NOW });
  assert.equal(d.campaigns.length, 3);
  assert.equal(d.campaignActions.length, 36);
  assert.equal(d.people.length, 25);
  assert.equal(d.messages.length, 60);
  assert.equal(d.activities.length, 40);
  for (const c of d.campaigns) {
    assert.ok(Number.isInteger(c.id) && Number.isInteger(c.created) && Number.isInteger(c.updated));
    assert.equal(c.deduplicate_id, `${c.id}:${c.updated}`);
    assert.deepEqual(c.actions.map((a) => a.id), d.campaignActions.filter((a) => a.campaign_id === c.id).map((a) => a.id));
  }
  for (const p of d.people) {
    assert.equal(typeof p.identifiers.cio_id, 'string');
    assert.ok(Object.values(p.attributes).every((v) => typeof v === 'string'));
    assert.ok(p.identifiers.id !== null || p.identifiers.email !== null);
  }
  for (const a of d.activities) assert.match(a.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.ok(d.objectTypes.every((t) => /^\d+$/.test(t.id)));
  assert.ok(d.messages.every((m) => m.created <= NOW && m.created >= NOW - 200 * DAY));
  assert.ok(d.activities.every((a) => a.timestamp <= NOW && a.timestamp > NOW - 30 * DAY));
  const sources = new Set(d.messages.map((m) => (m.campaign_id ? 'c' : m.broadcast_id ? 'b' : m.newsletter_id ? 'n' : 't')));
  assert.ok(sources.size >= 3, 'deliveries come from several kinds of sender');
});

test('a partial size overrides the tiny preset', () => {
  const d = generateDataset({ size: { people: 3, messages: 0 }, now: NOW });
  assert.equal(d.people.length, 3);
  assert.equal(d.messages.length, 0);
  assert.equal(d.campaigns.length, SIZE_PRESETS.tiny.campaigns);
});

test('mutators drive incremental reads through the server', async () => {
  const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'tiny', seed: 2, now: NOW } });
  try {
    const d = api.dataset;
    const campaign = d.campaigns[1];
    assert.ok(campaign);
    touch(d, 'campaign', campaign.id, NOW + 10);
    const campaigns = (await get(api, '/v1/campaigns'))['campaigns'] as Json[];
    const served = campaigns.find((c) => c['id'] === campaign.id);
    assert.equal(served?.['updated'], NOW + 10);
    assert.equal(served?.['deduplicate_id'], `${campaign.id}:${NOW + 10}`);

    const action = d.campaignActions[0];
    assert.ok(action);
    touch(d, 'campaign_action', action.id, NOW + 20);
    touch(d, 'snippet', d.snippets[0]?.name ?? '', NOW + 30);
    touch(d, 'segment', d.segments[0]?.id ?? 0, NOW + 40);
    assert.equal(d.segments[0]?.updated_at, NOW + 40);
    assert.throws(() => touch(d, 'export', 424242, NOW));

    const added = addMessages(d, 5, NOW + 100);
    const newest = (await get(api, '/v1/messages?limit=5'))['messages'] as Json[];
    assert.deepEqual(new Set(newest.map((m) => m['id'])), new Set(added.map((m) => m.id)));
    const window = (await get(api, `/v1/messages?start_ts=${NOW + 1}&end_ts=${NOW + 200}`))['messages'] as Json[];
    assert.equal(window.length, 5);

    const activities = addActivities(d, 3, NOW + 50);
    const latest = (await get(api, '/v1/activities?limit=3'))['activities'] as Json[];
    assert.deepEqual(new Set(latest.map((a) => a['id'])), new Set(activities.map((a) => a.id)));

    remove(d, 'campaign', 2);
    const res = await fetch(`${api.url}/v1/campaigns/2/actions`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.status, 404);
    assert.ok(d.campaignActions.every((a) => a.campaign_id !== 2));

    const person = d.people[0];
    assert.ok(person);
    remove(d, 'person', person.identifiers.cio_id);
    assert.ok(d.deletedPeople.some((p) => p.cio_id === person.identifiers.cio_id));
    const gone = await fetch(`${api.url}/v1/customers/${person.identifiers.cio_id}/attributes?id_type=cio_id`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    assert.equal(gone.status, 404);
  } finally {
    await api.close();
  }
});

test('mutators are deterministic', () => {
  const a = generateDataset({ size: 'tiny', seed: 4, now: NOW });
  const b = generateDataset({ size: 'tiny', seed: 4, now: NOW });
  assert.deepEqual(addMessages(a, 4, NOW + 5), addMessages(b, 4, NOW + 5));
  assert.deepEqual(addActivities(a, 4, NOW + 5), addActivities(b, 4, NOW + 5));
});

test('messages are served 1000 per page across 30-day windows, each exactly once', async () => {
  // About 1,500 a window: more than a page in each; 'large' (100,000) is read by npm run bench.
  const dataset = generateDataset({ size: { messages: 10_000 }, seed: 1, now: NOW });
  assert.equal(dataset.messages.length, 10_000);

  const api = await startFakeApi({ apiKey: KEY, dataset, requestsPerSecond: 0 });
  try {
    const served = new Map<string, number>();
    let pages = 0;
    for (let end = NOW; end > NOW - 210 * DAY; end -= 30 * DAY) {
      let start: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '1000', start_ts: String(end - 30 * DAY + 1), end_ts: String(end) });
        if (start) query.set('start', start);
        const body = await get(api, `/v1/messages?${query.toString()}`);
        const items = body['messages'] as Json[];
        assert.ok(items.length <= 1000);
        for (const m of items) served.set(m['id'] as string, (served.get(m['id'] as string) ?? 0) + 1);
        start = body['next'] as string;
        pages++;
      } while (start);
    }
    assert.equal(served.size, 10_000);
    assert.ok([...served.values()].every((n) => n === 1), 'a message served twice');
    // At least one window holds more than a page, so paging within a window is exercised.
    assert.ok(pages > 7, `${pages} pages for 7 windows`);
  } finally {
    await api.close();
  }
});
