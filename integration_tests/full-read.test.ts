// The built connector reads every stream from a fake as varied as the real API (full-read.ts):
// ids typed one way in one record and the other way in the next, nested ones included; optional
// fields missing, nullable ones null, fields nobody documented; Unicode names; webhook URLs with
// credentials. The read must be exact by primary key, match every declared schema, checkpoint
// correctly, and cost no more requests than the data needs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { STREAMS, STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { hasUserinfo, stripUserinfo } from '../src/userinfo.js';
import { ofType, pkOf, records, repeatedStatesAfterRecords, states, statuses, traceErrors, type Json } from '../test/helpers/connector.js';
import { recordViolations } from '../test/helpers/record-schemas.js';
import { stateProblems } from '../test/helpers/state-schema.js';
import { minimumRequests } from '../scripts/bench/minimum.js';
import { countByTemplate } from '../scripts/bench/templates.js';
import { expectedKeys, keyDifferences, metricsParents } from './expected.js';
import { fullRead, KEY, PERIODS, type FullRead } from './full-read.js';

const BUCKETS: Record<string, number> = { hours: 24, days: 45, weeks: 12, months: 12 };
const NON_ASCII = /[^\x00-\x7f]/;

let read: FullRead;
before(async () => {
  read = await fullRead();
});
after(async () => read.api.close());

/** Where the delivery windows start: the default history before the read's first request. */
const messagesFrom = (): number => Math.floor((read.requests[0]?.at ?? 0) / 1000) - DEFAULT_HISTORY_SECONDS;
const recordsOf = (name: string): Json[] => records(read.result.messages, name);

/** The fake's own answer to one GET, as the connector receives it. */
async function raw(path: string): Promise<Json> {
  const res = await fetch(`${read.api.url}/v1${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(res.status, 200, path);
  return (await res.json()) as Json;
}
const items = (body: Json, envelope: string) => body[envelope] as Json[];
const declared = (stream: Json) => new Set(Object.keys((stream['json_schema'] as Json)['properties'] as Json));

test('the fake really varies: id types, nested ids, Unicode, missing and unknown fields, credentials in URLs', async () => {
  const campaigns = items(await raw('/campaigns'), 'campaigns');
  const nestedIds = campaigns.flatMap((c) => ((c['actions'] as Json[] | undefined) ?? []).map((a) => typeof a['id']));
  assert.ok(nestedIds.includes('string') && nestedIds.includes('number'), `campaigns.actions[].id: ${nestedIds.join(',')}`);
  assert.ok(campaigns.some((c) => !('msg_templates' in c)) && campaigns.some((c) => 'msg_templates' in c), 'msg_templates sometimes missing');
  assert.ok(campaigns.some((c) => NON_ASCII.test(String(c['name']))), 'a campaign name in Unicode');

  const actions = items(await raw('/campaigns/1/actions'), 'actions');
  const actionIds = actions.map((a) => typeof a['id']);
  assert.ok(actionIds.includes('string') && actionIds.includes('number'), `campaign action ids: ${actionIds.join(',')}`);

  const webhooks = items(await raw('/reporting_webhooks'), 'reporting_webhooks');
  assert.ok(webhooks.some((w) => hasUserinfo(String(w['endpoint']))), 'a reporting webhook endpoint with user:password@');
  assert.ok(read.api.dataset.campaignActions.some((a) => a.url !== undefined && hasUserinfo(a.url)), 'a webhook action URL with credentials');
  const links = items(await raw('/campaigns/1/metrics/links'), 'links');
  assert.ok(links.some((l) => hasUserinfo(String((l['link'] as Json)['href']))), 'a tracked link with credentials');

  // Unknown fields on some items of every list endpoint the streams read.
  const lists: Array<[string, string, string]> = [
    ['campaigns', '/campaigns', 'campaigns'], ['broadcasts', '/broadcasts', 'broadcasts'], ['segments', '/segments', 'segments'],
    ['collections', '/collections', 'collections'], ['exports', '/exports', 'exports'], ['snippets', '/snippets', 'snippets'],
    ['transactional_messages', '/transactional', 'messages'], ['reporting_webhooks', '/reporting_webhooks', 'reporting_webhooks'],
    ['subscription_topics', '/subscription_topics', 'topics'], ['subscription_channels', '/subscription_channels', 'channels'],
    ['workspaces', '/workspaces', 'workspaces'], ['object_types', '/object_types', 'types'], ['newsletters', '/newsletters', 'newsletters'],
    ['activities', '/activities?limit=100', 'activities'], ['messages', '/messages?limit=1000', 'messages'],
    ['esp_suppressions', '/esp/suppression/bounces', 'suppressions'], ['campaign_actions', '/campaigns/1/actions', 'actions'],
  ];
  for (const [name, path, envelope] of lists) {
    const known = declared(read.discovered.find((s) => s['name'] === name) as Json);
    const list = items(await raw(path), envelope);
    assert.ok(list.some((item) => Object.keys(item).some((k) => !known.has(k))), `${name}: no item carries an undocumented field`);
  }
});

describe('the read as a whole', () => {
  test('exits 0 without errors', () => {
    assert.deepEqual(traceErrors(read.result.messages), []);
    assert.equal(read.result.code, 0, read.result.stderr.slice(-2000));
  });

  test('every stream of the stream table is discovered and read, and has records', () => {
    assert.deepEqual(read.discovered.map((s) => s['name']).sort(), STREAMS.map((s) => s.name).sort());
    for (const s of read.discovered) assert.ok(recordsOf(s['name'] as string).length > 0, `${s['name']}: no records`);
  });

  test('the API key appears in no output', () => {
    assert.ok(!read.result.stdout.includes(KEY));
    assert.ok(!read.result.stderr.includes(KEY));
  });
});

describe('records', () => {
  test('every stream returns exactly the records of the dataset, by primary key', () => {
    assert.deepEqual(keyDifferences(read.api.dataset, read.discovered, recordsOf, { messagesFrom: messagesFrom() }), []);
    for (const stream of read.discovered) {
      const expected = expectedKeys(read.api.dataset, stream['name'] as string, { messagesFrom: messagesFrom() });
      if (expected !== undefined) assert.ok(expected.length > 0, `${stream['name']}: the tiny dataset should have records`);
    }
  });

  test('every record of every stream matches its declared schema, nested objects included', () => {
    const violations = read.discovered.flatMap((s) => recordViolations(s['name'] as string, s['json_schema'] as object, recordsOf(s['name'] as string)));
    assert.deepEqual(violations, []);
  });

  test('metrics rows = parents x periods x buckets, keyed by absolute bucket start', () => {
    for (const stream of read.discovered) {
      const name = stream['name'] as string;
      const parents = metricsParents(read.api.dataset, name);
      if (parents === undefined) continue;
      const rows = recordsOf(name);
      assert.equal(rows.length, parents * PERIODS.reduce((n, p) => n + (BUCKETS[p] as number), 0), name);
      const keys = rows.map((r) => pkOf(r, stream['source_defined_primary_key'] as string[][]));
      assert.equal(new Set(keys).size, keys.length, `${name}: duplicate keys`);
      for (const r of rows) assert.match(String(r['period_start']), /^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    }
  });

  test('URLs lose their user:password@ and keep everything else; no credential reaches any output', () => {
    const { api, result } = read;
    const withCredentials = api.dataset.reportingWebhooks.filter((w) => hasUserinfo(w.endpoint));
    assert.ok(withCredentials.length > 0);
    const byId = new Map(recordsOf('reporting_webhooks').map((r) => [r['id'], r]));
    for (const w of withCredentials) {
      const endpoint = String(byId.get(w.id)?.['endpoint']);
      assert.equal(endpoint, stripUserinfo(w.endpoint));
      assert.notEqual(endpoint, w.endpoint);
      assert.match(endpoint, /^https:\/\/reports\.example\.com:8443\/hook\/\d+\?source=cio&v=1#events$/);
    }
    const urls = [
      ...recordsOf('campaign_actions').map((r) => r['url']),
      ...recordsOf('broadcast_actions').map((r) => r['url']),
      ...recordsOf('messages').map((r) => r['recipient']),
      ...recordsOf('campaign_link_metrics').map((r) => r['href']),
      ...recordsOf('newsletter_link_metrics').map((r) => r['href']),
    ].filter((u): u is string => typeof u === 'string');
    assert.ok(urls.some((u) => u.includes(':8443/')), 'some stripped webhook URLs are in the records');
    assert.deepEqual(urls.filter(hasUserinfo), []);
    for (const secret of ['s3cr3t-Pa55', 'api-token-8f2a91', 'p%3Ass%2Fw0rd']) {
      assert.ok(!result.stdout.includes(secret), `${secret} in stdout`);
      assert.ok(!result.stderr.includes(secret), `${secret} in stderr`);
    }
  });

  test('undocumented fields are left out openly: named in a log line, never their values', () => {
    const logs = ofType(read.result.messages, 'LOG').map((l) => String(l['message']));
    const named = logs.filter((m) => m.includes('does not declare'));
    assert.ok(named.some((m) => m.startsWith('campaigns:')), named.join('\n'));
    const values = ['"early_access"', '1207'];
    assert.ok(named.every((m) => values.every((v) => !m.includes(v))), 'a log line shows a value');
    assert.ok(recordsOf('campaigns').some((r) => NON_ASCII.test(String(r['name']))), 'Unicode names arrive intact');
  });
});

describe('statuses and checkpoints', () => {
  test('each stream: STARTED, RUNNING, COMPLETE, and at least one counted STATE', () => {
    for (const stream of read.discovered) {
      const name = stream['name'] as string;
      const seq = statuses(read.result.messages, name);
      assert.equal(seq[0], 'STARTED', name);
      assert.equal(seq.at(-1), 'COMPLETE', name);
      assert.ok(seq.slice(1, -1).length >= 1 && seq.slice(1, -1).every((s) => s === 'RUNNING'), `${name}: ${seq.join(',')}`);
      assert.ok(states(read.result.messages, name).length >= 1, `${name}: no STATE`);
    }
  });

  test('recordCount on each STATE counts the records of its stream since the previous STATE', () => {
    const counts = new Map<string, number>();
    for (const m of read.result.messages) {
      if (m.type === 'RECORD') {
        const s = (m['record'] as Json)['stream'] as string;
        counts.set(s, (counts.get(s) ?? 0) + 1);
      } else if (m.type === 'STATE') {
        const st = m['state'] as Json;
        const name = ((st['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
        assert.equal((st['sourceStats'] as Json)['recordCount'], counts.get(name) ?? 0, name);
        counts.set(name, 0);
      }
    }
    assert.match(read.result.stdout, /"recordCount":\d+\.0[,}]/);
    for (const [name, n] of counts) assert.equal(n, 0, `${name}: records after the last STATE`);
  });

  test('every STATE has the documented shape of its stream (schemas/state/stream_state.json)', () => {
    const problems = states(read.result.messages).flatMap((s) => {
      const stream = s['stream'] as Json;
      const name = (stream['stream_descriptor'] as Json)['name'] as string;
      return stateProblems(STREAMS_BY_NAME.get(name)!, stream['stream_state']);
    });
    assert.deepEqual(problems, []);
  });

  test('BR-14: no state repeats its predecessor after records', () => {
    assert.deepEqual(repeatedStatesAfterRecords(read.result.messages), []);
  });
});

describe('requests', () => {
  test('parents and children selected together: each endpoint read once, every request needed by its pages', () => {
    // The minimum is computed from the dataset alone (scripts/bench/minimum.ts), as the benchmark does.
    const { api, requests, discovered } = read;
    const answered = requests.filter((r) => r.status === 200);
    const combos = answered.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body ?? null)}`);
    assert.deepEqual(combos.filter((c, i) => combos.indexOf(c) !== i), [], 'the same request sent twice');
    const to = Math.floor((requests[0]?.at ?? 0) / 1000);
    const minimum = minimumRequests(api.dataset, { streams: discovered.map((s) => s['name'] as string), periods: PERIODS, from: to - DEFAULT_HISTORY_SECONDS, to });
    const counted = countByTemplate(requests, [...minimum.keys()]);
    const off = [...counted].filter(([template, c]) => c.requests !== minimum.get(template)).map(([template, c]) => `${template}: ${c.requests} requests, ${minimum.get(template)} needed`);
    assert.deepEqual(off, []);
  });

  test('customers + customer_attributes cost ceil(N/1000) + ceil(N/100) requests', () => {
    const n = read.api.dataset.people.length;
    const search = read.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 200).length;
    const hydrate = read.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers/attributes' && r.status === 200).length;
    assert.equal(search + hydrate, Math.ceil(n / 1000) + Math.ceil(n / 100));
  });

  test('campaign actions are read page by page, 10 at a time', () => {
    const { api, requests } = read;
    const actionRequests = requests.filter((r) => /^\/v1\/campaigns\/\d+\/actions$/.test(r.path) && r.status === 200);
    const expectedPages = api.dataset.campaigns.reduce((n, c) => n + Math.max(1, Math.ceil(api.dataset.campaignActions.filter((a) => a.campaign_id === c.id).length / 10)), 0);
    // Read once, for campaign_actions and as the parents of campaign_action_metrics alike.
    assert.equal(actionRequests.length, expectedPages);
  });
});
