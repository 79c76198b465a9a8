// The built connector against a fake as varied as the real API: ids typed one way in one record and
// the other way in the next, nested ones included; optional fields missing, nullable ones null,
// fields nobody documented; Unicode names; webhook URLs with credentials. Every record of every
// stream must match its declared schema exactly, and the read must be exact by primary key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { hasUserinfo, stripUserinfo } from '../src/userinfo.js';
import { configuredCatalog, discoverFake, ofType, records, runConnector, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';
import { recordViolations } from '../test/helpers/record-schemas.js';
import { keyDifferences } from './expected.js';

const KEY = 'sk-variety-0c1d2e3f';
const NON_ASCII = /[^\x00-\x7f]/;

/** The fake's own answer to one GET, as the connector receives it (waiting out the fake's rate limit). */
async function raw(api: FakeApi, path: string): Promise<Json> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${api.url}/v1${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    if (res.status === 429 && attempt < 10) {
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    assert.equal(res.status, 200, path);
    return (await res.json()) as Json;
  }
}

const items = (body: Json, envelope: string) => body[envelope] as Json[];
const declared = (stream: Json) => new Set(Object.keys((stream['json_schema'] as Json)['properties'] as Json));

describe('a read of every stream from the varied fake', () => {
  let api: FakeApi;
  let streams: Json[];
  let run: RunResult;
  const started = Math.floor(Date.now() / 1000);

  before(async () => {
    api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 29 } });
    const dir = tempDir();
    const discovered = await discoverFake(api.url, KEY, dir);
    streams = discovered.streams;
    const catalog = configuredCatalog(streams.map((s) => ({ name: s['name'] as string })), streams);
    run = await runConnector(['read', '--config', discovered.config, '--catalog', writeJson(dir, 'catalog.json', catalog)], { timeoutMs: 300_000 });
  });
  after(async () => api.close());

  test('the fake really varies: id types, nested ids, Unicode, missing and unknown fields, credentials in URLs', async () => {
    const campaigns = items(await raw(api, '/campaigns'), 'campaigns');
    const nestedIds = campaigns.flatMap((c) => ((c['actions'] as Json[] | undefined) ?? []).map((a) => typeof a['id']));
    assert.ok(nestedIds.includes('string') && nestedIds.includes('number'), `campaigns.actions[].id: ${nestedIds.join(',')}`);
    assert.ok(campaigns.some((c) => !('msg_templates' in c)) && campaigns.some((c) => 'msg_templates' in c), 'msg_templates sometimes missing');
    assert.ok(campaigns.some((c) => NON_ASCII.test(String(c['name']))), 'a campaign name in Unicode');

    const actions = items(await raw(api, '/campaigns/1/actions'), 'actions');
    const actionIds = actions.map((a) => typeof a['id']);
    assert.ok(actionIds.includes('string') && actionIds.includes('number'), `campaign action ids: ${actionIds.join(',')}`);

    const webhooks = items(await raw(api, '/reporting_webhooks'), 'reporting_webhooks');
    assert.ok(webhooks.some((w) => hasUserinfo(String(w['endpoint']))), 'a reporting webhook endpoint with user:password@');
    assert.ok(api.dataset.campaignActions.some((a) => a.url !== undefined && hasUserinfo(a.url)), 'a webhook action URL with credentials');
    const links = items(await raw(api, '/campaigns/1/metrics/links'), 'links');
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
      const known = declared(streams.find((s) => s['name'] === name) as Json);
      const list = items(await raw(api, path), envelope);
      assert.ok(list.some((item) => Object.keys(item).some((k) => !known.has(k))), `${name}: no item carries an undocumented field`);
    }
  });

  test('exits 0 and every record of all 43 streams matches its declared schema, nested objects included', () => {
    assert.deepEqual(traceErrors(run.messages), []);
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    assert.equal(streams.length, 43);
    const violations = streams.flatMap((s) => recordViolations(s['name'] as string, s['json_schema'] as object, records(run.messages, s['name'] as string)));
    assert.deepEqual(violations, []);
    for (const s of streams) assert.ok(records(run.messages, s['name'] as string).length > 0, `${s['name']}: no records`);
  });

  test('the read is exact by primary key', () => {
    const messagesFrom = started - DEFAULT_HISTORY_SECONDS;
    assert.deepEqual(keyDifferences(api.dataset, streams, (name) => records(run.messages, name), { messagesFrom }), []);
  });

  test('URLs lose their user:password@ and keep everything else; no credential reaches any output', () => {
    const withCredentials = api.dataset.reportingWebhooks.filter((w) => hasUserinfo(w.endpoint));
    assert.ok(withCredentials.length > 0);
    const byId = new Map(records(run.messages, 'reporting_webhooks').map((r) => [r['id'], r]));
    for (const w of withCredentials) {
      const endpoint = String(byId.get(w.id)?.['endpoint']);
      assert.equal(endpoint, stripUserinfo(w.endpoint));
      assert.notEqual(endpoint, w.endpoint);
      assert.match(endpoint, /^https:\/\/reports\.example\.com:8443\/hook\/\d+\?source=cio&v=1#events$/);
    }
    const urls = [
      ...records(run.messages, 'campaign_actions').map((r) => r['url']),
      ...records(run.messages, 'broadcast_actions').map((r) => r['url']),
      ...records(run.messages, 'messages').map((r) => r['recipient']),
      ...records(run.messages, 'campaign_link_metrics').map((r) => r['href']),
      ...records(run.messages, 'newsletter_link_metrics').map((r) => r['href']),
    ].filter((u): u is string => typeof u === 'string');
    assert.ok(urls.some((u) => u.includes(':8443/')), 'some stripped webhook URLs are in the records');
    assert.deepEqual(urls.filter(hasUserinfo), []);
    for (const secret of ['s3cr3t-Pa55', 'api-token-8f2a91', 'p%3Ass%2Fw0rd']) {
      assert.ok(!run.stdout.includes(secret), `${secret} in stdout`);
      assert.ok(!run.stderr.includes(secret), `${secret} in stderr`);
    }
  });

  test('undocumented fields are left out openly: named in a log line, never their values', () => {
    const logs = ofType(run.messages, 'LOG').map((l) => String(l['message']));
    const named = logs.filter((m) => m.includes('does not declare'));
    assert.ok(named.some((m) => m.startsWith('campaigns:')), named.join('\n'));
    const values = ['"early_access"', '1207'];
    assert.ok(named.every((m) => values.every((v) => !m.includes(v))), 'a log line shows a value');
    assert.ok(records(run.messages, 'campaigns').some((r) => NON_ASCII.test(String(r['name']))), 'Unicode names arrive intact');
  });
});
