// The benchmark's yardstick: fewest requests per endpoint, from the data and the API's limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateDataset, startFakeApi, type Dataset, type FakeApi } from '../../fake-api/index.js';
import {
  endpointsRead, ENDPOINTS, HAND_STREAM_ENDPOINTS, minimumRequests, offsetPages, pages, PLAIN_LISTS, SIX_MONTHS, STREAM_ENDPOINTS, TWELVE_MONTHS, unknownStreams, windowCount, windowedPages,
  type SyncShape,
} from '../../scripts/bench/minimum.js';
import { OBJECT_SIDE } from '../../scripts/bench/relationships-minimum.js';
import { STREAMS, STREAMS_BY_NAME } from '../../src/streams/definitions.js';

const NOW = 1_750_000_000;
const DAY = 86_400;
const KEY = 'k';
const shape = (streams: string[], extra: Partial<SyncShape> = {}): SyncShape => ({ streams, periods: ['days'], from: NOW - 360 * DAY + 1, to: NOW, ...extra });

describe('page arithmetic', () => {
  test('cursor paging: an empty list costs one request, a full last page no extra one', () => {
    assert.deepEqual([0, 1, 1000, 1001, 2000].map((n) => pages(n, 1000)), [1, 1, 1, 2, 2]);
  });
  test('offset paging ends on a short page, so a full last page costs one more', () => {
    assert.deepEqual([0, 999, 1000, 2500].map((n) => offsetPages(n, 1000)), [1, 1, 2, 3]);
  });
  test('windows: 360 days take two 6-month windows and one 12-month window', () => {
    assert.equal(windowCount(NOW - 360 * DAY + 1, NOW, SIX_MONTHS), 2);
    assert.equal(windowCount(NOW - 360 * DAY + 1, NOW, TWELVE_MONTHS), 1);
    assert.equal(windowCount(10, 9, SIX_MONTHS), 0);
  });
  test('every window costs a request, then a page per `per` items inside it; items outside the range cost nothing', () => {
    // Windows [0, 9] and [10, 19]: 3 items in the first (2 pages of 2), none in the second (1).
    assert.equal(windowedPages([0, 5, 9, 25, -1], 0, 19, 10, 2), 3);
  });
});

describe('endpoints read by a selection', () => {
  test('a list read for its own stream and as a parent counts once', () => {
    const read = endpointsRead(['campaigns', 'campaign_actions', 'campaign_action_metrics', 'campaign_messages']);
    assert.deepEqual([...read].sort(), [
      'GET /v1/campaigns', 'GET /v1/campaigns/{id}/actions', 'GET /v1/campaigns/{id}/actions/{action_id}/metrics', 'GET /v1/campaigns/{id}/messages',
    ]);
  });
  test('a grandchild alone still needs its parent and grandparent lists', () => {
    assert.deepEqual([...endpointsRead(['broadcast_action_metrics'])].sort(), [
      'GET /v1/broadcasts', 'GET /v1/broadcasts/{id}/actions', 'GET /v1/broadcasts/{id}/actions/{action_id}/metrics',
    ]);
  });
  test('streams without a rule are named', () => {
    assert.deepEqual(unknownStreams(['campaigns', 'nope']), ['nope']);
  });
});

describe('minimum of a tiny workspace', () => {
  const d: Dataset = generateDataset({ size: 'tiny', seed: 3, now: NOW });
  const min = (stream: string, extra?: Partial<SyncShape>) => {
    const key = STREAM_ENDPOINTS.get(stream) as string;
    return minimumRequests(d, shape([stream], extra)).get(key);
  };

  test('campaign actions come 10 a page: 12 actions per campaign take 2 pages each', () => {
    assert.equal(min('campaign_actions'), 2 * d.campaigns.length);
  });
  test('deliveries: 6-month windows for /v1/messages and per person, 12 months per campaign', () => {
    assert.equal(min('messages'), 2);
    assert.equal(min('customer_messages'), 2 * d.people.length);
    assert.equal(min('campaign_messages'), d.campaigns.length);
    assert.equal(min('broadcast_messages'), 2 * d.broadcasts.length);
  });
  test('metrics: one request per parent and period', () => {
    assert.equal(min('campaign_action_metrics', { periods: ['days', 'weeks'] }), 2 * d.campaignActions.length);
  });
  test('the whole selection: every endpoint once, parents included (the objects\' people only on the objects route)', () => {
    const all = minimumRequests(d, shape([...STREAM_ENDPOINTS.keys()]));
    assert.deepEqual([...all.keys()], [...ENDPOINTS.keys()].filter((key) => key !== OBJECT_SIDE));
    assert.equal(all.get('GET /v1/campaigns'), 1);
  });
  test('customer_relationships: per person where the objects cost more than the people they spare, else through the objects', () => {
    assert.equal(min('customer_relationships'), d.people.length);
    assert.ok(!minimumRequests(d, shape(['customer_relationships'])).has(OBJECT_SIDE));
    const many = generateDataset({ size: { people: 600, objectsPerType: 15 }, seed: 3, now: NOW });
    const m = minimumRequests(many, shape(['customer_relationships']));
    assert.equal(m.get('GET /v1/object_types'), 1);
    assert.equal(m.get('POST /v1/objects'), many.objectTypes.length);
    assert.equal(m.get(OBJECT_SIDE), many.objects.length);
    const asked = new Set([...many.relationships.map((r) => r.cio_id), ...many.people.map((p) => p.identifiers.cio_id).slice(0, 20)]);
    assert.equal(m.get('GET /v1/customers/{id}/relationships'), asked.size);
    assert.ok(asked.size + many.objects.length + 1 + many.objectTypes.length < many.people.length);
    assert.equal(minimumRequests(many, shape(['customer_relationships'], { route: 'per_person' })).get('GET /v1/customers/{id}/relationships'), many.people.length);
  });
});

describe('the minimum is what paging the fake at the documented page sizes costs', () => {
  let api: FakeApi;
  before(async () => {
    api = await startFakeApi({
      apiKey: KEY,
      requestsPerSecond: 0,
      datasetOptions: {
        // 1000 assets fill their last page exactly: the short page that ends the list costs one more.
        size: { messages: 2500, people: 40, suppressionsPerType: 1000, actionsPerCampaign: 20, segments: 2, assets: 1000, designStudioEmails: 1500 },
        seed: 5,
        now: NOW,
      },
    });
  });
  after(() => api.close());

  /** Follows `next` (or offsets, or page numbers from 1) through one list and counts the requests. */
  async function pagesOf(
    path: string, query: Record<string, string | number>, paging: 'cursor' | 'offset' | 'page', method = 'GET', body?: unknown, envelope?: string,
  ): Promise<number> {
    let n = 0;
    let start: string | undefined;
    let offset = 0;
    for (;;) {
      const at = paging === 'offset' ? { offset } : paging === 'page' ? { page: n + 1 } : {};
      const q = new URLSearchParams(Object.entries({ ...query, ...(start ? { start } : {}), ...at }).map(([k, v]) => [k, String(v)]));
      const res = await fetch(`${api.url}${path}?${q}`, {
        method,
        headers: { authorization: `Bearer ${KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as Record<string, unknown>;
      assert.equal(res.status, 200, JSON.stringify(json));
      n++;
      if (paging !== 'cursor') {
        // Design Studio answers also carry the related folders: count the envelope's items.
        const items = (envelope !== undefined ? json[envelope] : Object.values(json).find(Array.isArray)) as unknown[];
        if (items.length < Number(query['limit'])) return n;
        offset += items.length;
      } else {
        if (typeof json['next'] !== 'string' || json['next'] === '') return n;
        start = json['next'];
      }
    }
  }
  const minimum = (stream: string, s: Partial<SyncShape> = {}) => minimumRequests(api.dataset, shape([stream], s)).get(STREAM_ENDPOINTS.get(stream) as string);

  test('GET /v1/messages in 6-month windows of 1000', async () => {
    const from = NOW - 360 * DAY + 1;
    let n = 0;
    for (let start = from; start <= NOW; start += SIX_MONTHS) {
      n += await pagesOf('/v1/messages', { limit: 1000, start_ts: start, end_ts: Math.min(start + SIX_MONTHS - 1, NOW) }, 'cursor');
    }
    assert.ok(n > 2);
    assert.equal(minimum('messages'), n);
  });
  test('campaign actions, 10 a page', async () => {
    let n = 0;
    for (const c of api.dataset.campaigns) n += await pagesOf(`/v1/campaigns/${c.id}/actions`, {}, 'cursor');
    assert.equal(minimum('campaign_actions'), n);
  });
  test('suppressions by offset, a full last page included', async () => {
    let n = 0;
    for (const type of ['bounces', 'blocks', 'spam_reports', 'invalid_emails']) n += await pagesOf(`/v1/esp/suppression/${type}`, { limit: 1000 }, 'offset');
    assert.equal(n, 8);
    assert.equal(minimum('esp_suppressions'), n);
  });
  test('plain lists by numbered pages of the row\'s size, a full last page included', async () => {
    for (const rule of PLAIN_LISTS) {
      const n = await pagesOf(rule.path, { limit: rule.limit }, 'page', 'GET', undefined, STREAMS_BY_NAME.get(rule.stream)?.envelope);
      assert.equal(minimum(rule.stream), n, rule.stream);
    }
    assert.equal(minimum('assets'), 2);
    assert.equal(minimum('design_studio_emails'), 2);
  });
  test('people search and segment membership', async () => {
    const filter = { attribute: { field: 'cio_id', operator: 'exists' } };
    assert.equal(minimum('customers'), await pagesOf('/v1/customers', { limit: 1000 }, 'cursor', 'POST', { filter }));
    let n = 0;
    for (const s of api.dataset.segments) n += await pagesOf(`/v1/segments/${s.id}/membership`, { limit: 30000 }, 'cursor');
    assert.equal(minimum('segment_membership'), n);
  });
});

describe('the stream table and the minimum rules stay in step', () => {
  const erase = (template: string) => template.replace(/\{[^}]+\}/g, '{}');
  test('every stream has a rule for its own endpoint, derived or by hand, under its parent\'s', () => {
    for (const def of STREAMS) {
      const rule = STREAM_ENDPOINTS.get(def.name);
      assert.ok(rule, `${def.name}: no minimum rule. A root GET list with numbered pages gets one derived from dataset.plainLists; `
        + 'for any other kind, add its endpoint to HAND_STREAM_ENDPOINTS and ENDPOINTS in scripts/bench/minimum.ts');
      assert.equal(erase(rule), erase(`${'method' in def && def.method !== undefined ? def.method : 'GET'} /v1${def.path}`), def.name);
      const parent = def.parent ? STREAM_ENDPOINTS.get(def.parent.stream) : undefined;
      assert.equal(ENDPOINTS.get(rule)?.parent, parent, `${def.name}: parent endpoint`);
    }
  });
  test('plain lists are derived, never also written by hand, and every one is in the fake\'s data', () => {
    const derived = PLAIN_LISTS.map((r) => r.stream);
    assert.deepEqual(derived.filter((name) => HAND_STREAM_ENDPOINTS.has(name)), [], 'derived and hand rules for the same stream');
    assert.ok(derived.includes('design_studio_emails') && derived.includes('assets'));
    const d = generateDataset({ size: 'tiny', seed: 3, now: NOW });
    for (const rule of PLAIN_LISTS) assert.ok(d.plainLists.some((l) => l.path === rule.path), `${rule.stream}: ${rule.path} is not in dataset.plainLists`);
  });
  test('a plain list the fake does not hold fails its minimum, naming the stream', () => {
    const d = generateDataset({ size: 'tiny', seed: 3, now: NOW });
    const rule = PLAIN_LISTS.find((r) => r.stream === 'assets')!;
    d.plainLists = d.plainLists.filter((l) => l.path !== rule.path);
    assert.throws(() => minimumRequests(d, shape(['assets'])), /assets: \/v1\/assets is not in the fake's dataset\.plainLists/);
  });
});
