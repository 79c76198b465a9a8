// The fake Customer.io App API on the small dataset: auth, 404s, message windows, activities,
// people search, segment membership, attributes, objects, suppressions, metrics, campaign actions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { present, presentAll, SIX_MONTHS_SECONDS, startFakeApi, type Dataset, type FakeApi } from '../fake-api/index.js';
import { call, collect, DAY, errorDetail, KEY, NOW, withQuery, type Json } from './helpers/fake-api-calls.js';

describe('fake API on the small dataset', () => {
  let api: FakeApi;
  let dataset: Dataset;

  before(async () => {
    api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'small', seed: 11, now: NOW } });
    dataset = api.dataset;
  });
  after(() => api.close());

  test('missing or wrong key gets 401 with the errors envelope; ip_addresses needs no key', async () => {
    for (const key of [null, 'wrong-key']) {
      const answer = await call(api, '/v1/campaigns', { key });
      assert.equal(answer.status, 401);
      const errors = answer.body['errors'] as Json[];
      assert.equal(errors[0]?.['status'], '401');
      assert.equal(errors[0]?.['code'], 'invalid_credentials');
      assert.match(String(errors[0]?.['detail']), /^Unauthorized request\. .*\(reference [0-9a-f]{6}\)$/);
    }
    const ips = await call(api, '/v1/info/ip_addresses', { key: null });
    assert.equal(ips.status, 200);
    assert.deepEqual(ips.body['ip_addresses'], dataset.ipAddresses);
    const logged = api.requests.filter((r) => r.path === '/v1/campaigns' && r.status === 401);
    assert.equal(logged.length, 2);
  });

  test('unknown paths and parents are 404, malformed ids 400', async () => {
    assert.equal((await call(api, '/v1/nothing_here')).status, 404);
    assert.equal((await call(api, '/v1/campaigns/99999/actions')).status, 404);
    assert.equal((await call(api, '/v1/segments/99999/membership')).status, 404);
    assert.equal((await call(api, '/v1/customers/nobody/messages?id_type=cio_id')).status, 404);
    const bad = await call(api, '/v1/campaigns/abc/actions');
    assert.equal(bad.status, 400);
    assert.match(errorDetail(bad.body), /invalid/);
  });

  test('messages in 30-day windows cover every delivery exactly once, newest first', async () => {
    const seen = new Map<string, number>();
    let requests = 0;
    for (let end = NOW; end > NOW - 210 * DAY; end -= 30 * DAY) {
      const { items, pages } = await collect(api, '/v1/messages', 'messages', { limit: 1000, start_ts: end - 30 * DAY + 1, end_ts: end });
      requests += pages;
      for (let i = 1; i < items.length; i++) {
        assert.ok((items[i - 1]?.['created'] as number) >= (items[i]?.['created'] as number), 'newest first');
      }
      for (const m of items) seen.set(m['id'] as string, (seen.get(m['id'] as string) ?? 0) + 1);
    }
    assert.equal(seen.size, dataset.messages.length);
    assert.ok([...seen.values()].every((n) => n === 1), 'no delivery served twice');
    assert.ok(requests >= 7);
  });

  test('default window is the last 6 months, and small limits page through the same set', async () => {
    const { items } = await collect(api, '/v1/messages', 'messages', { limit: 1000 });
    const expected = dataset.messages.filter((m) => m.created >= NOW - SIX_MONTHS_SECONDS).map((m) => m.id);
    assert.deepEqual(items.map((m) => m['id']), expected);
    assert.ok(expected.length < dataset.messages.length, 'some deliveries are older than 6 months');
    const campaignId = dataset.campaigns[0]?.id ?? 1;
    const small = await collect(api, `/v1/campaigns/${campaignId}/messages`, 'messages', { limit: 7 });
    const wanted = dataset.messages.filter((m) => m.campaign_id === campaignId && m.created >= NOW - SIX_MONTHS_SECONDS);
    assert.deepEqual(small.items.map((m) => m['id']), wanted.map((m) => m.id));
    assert.equal(small.pages, Math.max(1, Math.ceil(wanted.length / 7)));
  });

  test('limits are clamped to the documented maximum', async () => {
    const messages = await call(api, '/v1/messages?limit=5000');
    assert.equal((messages.body['messages'] as Json[]).length, 1000);
    const activities = await call(api, '/v1/activities?limit=500');
    assert.equal((activities.body['activities'] as Json[]).length, 100);
    const defaults = await call(api, '/v1/activities');
    assert.equal((defaults.body['activities'] as Json[]).length, 10);
    assert.equal((await call(api, '/v1/messages?limit=abc')).status, 400);
  });

  test('a window longer than 6 months is a 400', async () => {
    const tooLong = await call(api, withQuery('/v1/messages', { start_ts: NOW - 200 * DAY, end_ts: NOW }));
    assert.equal(tooLong.status, 400);
    assert.match(errorDetail(tooLong.body), /maximum of 6 months/);
    const startOnly = await call(api, withQuery('/v1/messages', { start_ts: NOW - 190 * DAY }));
    assert.equal(startOnly.status, 400);
    const exact = await call(api, withQuery('/v1/messages', { start_ts: NOW - SIX_MONTHS_SECONDS, end_ts: NOW, limit: 1 }));
    assert.equal(exact.status, 200);
    const person = dataset.people[0]?.identifiers.cio_id ?? '';
    const perCustomer = await call(api, withQuery(`/v1/customers/${person}/messages`, { id_type: 'cio_id', start_ts: NOW - 365 * DAY, end_ts: NOW }));
    assert.equal(perCustomer.status, 400);
  });

  test('transactional deliveries are found through the internal map and carry no parent ids', async () => {
    const transactional = dataset.transactional[0];
    assert.ok(transactional);
    const { items } = await collect(api, `/v1/transactional/${transactional.id}/messages`, 'messages', { limit: 1000 });
    const expected = dataset.messages.filter(
      (m) => dataset.transactionalIdByDeliveryId[m.id] === transactional.id && m.created >= NOW - SIX_MONTHS_SECONDS,
    );
    assert.deepEqual(items.map((m) => m['id']), expected.map((m) => m.id));
    assert.ok(items.every((m) => m['campaign_id'] === null && m['action_id'] === null && m['newsletter_id'] === null));
  });

  test('activities: newest first, deleted people only with deleted=true, customer filter', async () => {
    const deleted = new Set(dataset.deletedPeople.map((p) => p.cio_id));
    const live = await collect(api, '/v1/activities', 'activities', { limit: 100 });
    const all = await collect(api, '/v1/activities', 'activities', { limit: 100, deleted: 'true' });
    assert.equal(all.items.length, dataset.activities.length);
    assert.deepEqual(
      live.items.map((a) => a['id']),
      dataset.activities.filter((a) => !deleted.has(a.customer_identifiers.cio_id)).map((a) => a.id),
    );
    assert.ok(all.items.length > live.items.length, 'some activities belong to deleted people');
    const someone = dataset.activities[0]?.customer_identifiers.cio_id ?? '';
    const mine = await collect(api, '/v1/activities', 'activities', { customer_id: `cio_${someone}`, id_type: 'cio_id', limit: 100 });
    assert.ok(mine.items.length > 0);
    assert.ok(mine.items.every((a) => (a['customer_identifiers'] as Json)['cio_id'] === someone));
    const typed = await collect(api, '/v1/activities', 'activities', { type: 'page', limit: 100 });
    assert.ok(typed.items.length > 0 && typed.items.every((a) => a['type'] === 'page'));
  });

  test('people search evaluates and/or/not/segment/attribute filters, ordered by cio_id', async () => {
    const target = dataset.people.find((p) => p.identifiers.email !== null);
    assert.ok(target);
    const byEmail = await call(api, '/v1/customers', {
      method: 'POST',
      body: { filter: { attribute: { field: 'email', operator: 'eq', value: target.identifiers.email } } },
    });
    assert.deepEqual(byEmail.body['identifiers'], [
      present(dataset.seed, 'person_identifiers', { cio_id: target.identifiers.cio_id, email: target.identifiers.email, id: target.identifiers.id }),
    ]);

    const everyone = { or: [{ attribute: { field: 'id', operator: 'exists' } }, { attribute: { field: 'email', operator: 'exists' } }] };
    const all = await collect(api, '/v1/customers', 'identifiers', { limit: 1000 }, { filter: everyone });
    assert.deepEqual(all.items.map((i) => i['cio_id']), dataset.people.map((p) => p.identifiers.cio_id));
    assert.equal(all.pages, Math.ceil(dataset.people.length / 1000));

    const segment = dataset.segments[0];
    assert.ok(segment);
    const filter = {
      and: [{ segment: { id: segment.id } }, { not: { attribute: { field: 'plan', operator: 'eq', value: 'free' } } }],
    };
    const found = await collect(api, '/v1/customers', 'identifiers', { limit: 1000 }, { filter });
    const members = new Set(dataset.segmentMembers.filter((m) => m.segment_id === segment.id).map((m) => m.cio_id));
    const expected = dataset.people.filter((p) => members.has(p.identifiers.cio_id) && p.attributes['plan'] !== 'free');
    assert.deepEqual(found.items.map((i) => i['cio_id']), expected.map((p) => p.identifiers.cio_id));

    const withSource = await collect(api, '/v1/customers', 'identifiers', { limit: 1000 }, {
      filter: { attribute: { field: 'source', operator: 'exists' } },
    });
    assert.equal(withSource.items.length, dataset.people.filter((p) => p.attributes['source'] !== undefined).length);

    assert.equal((await call(api, '/v1/customers', { method: 'POST', body: {} })).status, 400);
    assert.equal((await call(api, '/v1/customers', { method: 'POST', body: { filter: { and: [], or: [] } } })).status, 400);
    assert.equal(
      (await call(api, '/v1/customers', { method: 'POST', body: { filter: { attribute: { field: 'email', operator: 'eq' } } } })).status,
      400,
    );
  });

  test('segment membership pages by cio_id and matches segmentMembers', async () => {
    for (const segment of dataset.segments.slice(0, 3)) {
      const { items } = await collect(api, `/v1/segments/${segment.id}/membership`, 'identifiers', { limit: 100 });
      const expected = dataset.segmentMembers.filter((m) => m.segment_id === segment.id).map((m) => m.cio_id).sort();
      assert.deepEqual(items.map((i) => i['cio_id']), expected);
    }
  });

  test('batch attributes: 1..100 ids, unknown ids omitted', async () => {
    const ids = dataset.people.slice(0, 3).map((p) => p.identifiers.cio_id);
    const answer = await call(api, '/v1/customers/attributes?id_type=cio_id', { method: 'POST', body: { ids: [...ids, 'zz-unknown'] } });
    assert.equal(answer.status, 200);
    const customers = answer.body['customers'] as { customer: Json }[];
    assert.deepEqual(customers.map((c) => c.customer), presentAll(dataset.seed, 'customer', dataset.people.slice(0, 3)));
    assert.equal((await call(api, '/v1/customers/attributes?id_type=cio_id', { method: 'POST', body: { ids: [] } })).status, 400);
    const tooMany = Array.from({ length: 101 }, (_, i) => String(i));
    assert.equal((await call(api, '/v1/customers/attributes?id_type=cio_id', { method: 'POST', body: { ids: tooMany } })).status, 400);
  });

  test('object search needs object_type_id and evaluates exists', async () => {
    const type = dataset.objectTypes[0];
    assert.ok(type);
    const all = await collect(api, '/v1/objects', 'identifiers', { limit: 40 }, {
      object_type_id: type.id,
      filter: { object_attribute: { field: 'object_id', operator: 'exists', type_id: type.id } },
    });
    assert.equal(all.items.length, dataset.objects.filter((o) => o.object_type_id === type.id).length);
    const tiered = await collect(api, '/v1/objects', 'identifiers', {}, {
      object_type_id: Number(type.id),
      filter: { object_attribute: { field: 'tier', operator: 'exists' } },
    });
    assert.ok(tiered.items.length > 0 && tiered.items.length < all.items.length);
    assert.equal((await call(api, '/v1/objects', { method: 'POST', body: { filter: {} } })).status, 400);
  });

  test('suppressions page by numeric offset until an empty page', async () => {
    const emails: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await call(api, `/v1/esp/suppression/bounces?limit=1000&offset=${offset}`);
      const rows = page.body['suppressions'] as Json[];
      if (rows.length === 0) break;
      emails.push(...rows.map((r) => r['email'] as string));
    }
    assert.deepEqual(emails, dataset.suppressions.filter((s) => s.type === 'bounces').map((s) => s.email));
    assert.equal((await call(api, '/v1/esp/suppression/whatever')).status, 400);
  });

  test('each sending domain keeps suppression lists of its own, paged by start; an unknown domain\'s are empty', async () => {
    assert.deepEqual(dataset.sendingDomains, ['mail.example.com', 'news.example.com', 'quiet.example.com']);
    const mail = await collect(api, '/v1/esp/domains/mail.example.com/suppression/bounces', 'suppressions', { limit: 1000 });
    assert.equal(mail.pages, 2);
    assert.deepEqual(mail.items.map((r) => r['email']), dataset.domainSuppressions.filter((s) => s.domain === 'mail.example.com' && s.type === 'bounces').map((s) => s.email));
    // One address on two lists: the oldest of each domain list is also the workspace-wide list's oldest.
    assert.equal(mail.items[0]?.['email'], dataset.suppressions.find((s) => s.type === 'bounces')?.email);
    assert.equal(new Set(mail.items.map((r) => r['email'])).size, mail.items.length);
    for (const domain of ['quiet.example.com', 'unknown.example.org']) {
      const empty = await call(api, `/v1/esp/domains/${domain}/suppression/blocks`);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, { suppressions: [], next: '' });
    }
    assert.equal((await call(api, '/v1/esp/domains/mail.example.com/suppression/whatever')).status, 400);
  });

  test('v1 metrics: steps default/clamp, newsletter type, unknown series on some parents', async () => {
    const days = await call(api, '/v1/campaigns/1/metrics');
    const series = (days.body['metric'] as Json)['series'] as Record<string, number[]>;
    assert.equal(series['sent']?.length, 45);
    const months = await call(api, '/v1/broadcasts/' + String(dataset.broadcasts[0]?.id) + '/metrics?period=months');
    assert.equal((((months.body['metric'] as Json)['series'] as Json)['sent'] as number[]).length, 12);
    const clamped = await call(api, '/v1/campaigns/1/metrics?period=hours&steps=100');
    assert.equal((((clamped.body['metric'] as Json)['series'] as Json)['sent'] as number[]).length, 24);
    const newsletter = await call(api, `/v1/newsletters/${dataset.newsletters[0]?.id}/metrics?period=weeks`);
    assert.equal((newsletter.body['metric'] as Json)['type'], dataset.newsletters[0]?.type);
    assert.deepEqual(await call(api, '/v1/campaigns/1/metrics').then((a) => a.body), days.body, 'deterministic');
    const names = new Set<string>();
    for (const c of dataset.campaigns) {
      const answer = await call(api, `/v1/campaigns/${c.id}/metrics?steps=2`);
      for (const k of Object.keys((answer.body['metric'] as Json)['series'] as Json)) names.add(k);
    }
    assert.ok(names.has('topic_unsubscribed') || names.has('tracking_consent_granted'));
    assert.equal((await call(api, '/v1/campaigns/1/metrics?period=fortnights')).status, 400);
  });

  test('v2 metrics, journey metrics and link metrics', async () => {
    const start = Date.UTC(2025, 0, 1) / 1000;
    const v2 = await call(api, withQuery('/v1/campaigns/1/metrics', { version: 2, res: 'daily', start: start + 3600, end: start + 2 * DAY }));
    assert.equal(v2.body['start'], '2025-01-01 00:00:00 +0000 UTC');
    assert.equal(v2.body['end'], '2025-01-03 00:00:00 +0000 UTC');
    assert.equal((((v2.body['metric'] as Json)['series'] as Json)['sent'] as number[]).length, 2);
    const action = dataset.campaignActions.find((a) => a.campaign_id === 1);
    const one = await call(api, withQuery(`/v1/campaigns/1/actions/${action?.id}/metrics`, { version: 2, res: 'hours', start, end: start }));
    assert.equal((((one.body['metric'] as Json)['series'] as Json)['sent'] as number[]).length, 1);
    const months = await call(api, withQuery('/v1/campaigns/1/metrics', { version: 2, res: 'months', start, end: start + 100 * DAY }));
    assert.equal((((months.body['metric'] as Json)['series'] as Json)['sent'] as number[]).length, 4);

    assert.equal((await call(api, withQuery('/v1/campaigns/1/journey_metrics', { start, end: start + DAY }))).status, 400);
    const journey = await call(api, withQuery('/v1/campaigns/1/journey_metrics', { start, end: start + 7 * DAY, resolution: 'days' }));
    const jm = journey.body['journey_metric'] as Record<string, number[]>;
    assert.deepEqual(Object.keys(jm), ['started', 'activated', 'never_activated', 'messaged', 'exited_early', 'finished', 'converted']);
    assert.equal(jm['started']?.length, 7);

    const links = await call(api, '/v1/campaigns/1/metrics/links?period=days&steps=5&unique=true');
    const list = links.body['links'] as { link: { id: number; href: string }; metric: { series: Record<string, number[]> } }[];
    assert.ok(list.length >= 2 && list.length <= 3);
    assert.equal(list[0]?.metric.series['human_clicked']?.length, 5);
  });

  test('campaign actions: 10 per page whatever the limit, every action once', async () => {
    for (const campaign of dataset.campaigns) {
      const { items, pages } = await collect(api, `/v1/campaigns/${campaign.id}/actions`, 'actions', { limit: 3 });
      const expected = dataset.campaignActions.filter((a) => a.campaign_id === campaign.id);
      assert.deepEqual(items, presentAll(dataset.seed, 'campaign_action', expected));
      assert.equal(pages, Math.max(1, Math.ceil(expected.length / 10)));
    }
  });
});
