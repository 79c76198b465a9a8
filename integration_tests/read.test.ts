import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import {
  configuredCatalog, discoverFake, ofType, pkOf, records, repeatedStatesAfterRecords, ROOT, runConnector, states, statuses, tempDir, traceErrors, writeJson, type Json,
} from '../test/helpers/connector.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { expectedKeys, keyDifferences, metricsParents } from './expected.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { stateProblems } from '../test/helpers/state-schema.js';
import { minimumRequests } from '../scripts/bench/minimum.js';
import { countByTemplate } from '../scripts/bench/templates.js';

const KEY = 'sk-test-4f9a8b7c6d5e';
const PERIODS = ['days', 'weeks'] as const;
const BUCKETS: Record<string, number> = { hours: 24, days: 45, weeks: 12, months: 12 };

describe('full read of every stream against the fake API', () => {
  let api: FakeApi;
  let dir: string;
  let discovered: Json[];
  let result: Awaited<ReturnType<typeof runConnector>>;
  let configFile: string;

  before(async () => {
    api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 7 } });
    // Hidden sender identities are listed only with hidden=true: make sure one exists.
    api.dataset.senderIdentities[0]!.hidden = true;
    dir = tempDir();
    configFile = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url, metrics_periods: PERIODS });
    const disc = await runConnector(['discover', '--config', configFile]);
    assert.equal(disc.code, 0, disc.stdout);
    discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
    const catalog = configuredCatalog(discovered.map((s) => ({ name: s['name'] as string })), discovered);
    api.clearLog();
    result = await runConnector(['read', '--config', configFile, '--catalog', writeJson(dir, 'catalog.json', catalog)], { timeoutMs: 300_000 });
  });
  after(async () => api.close());

  test('exits 0 without errors', () => {
    assert.deepEqual(traceErrors(result.messages), []);
    assert.equal(result.code, 0, result.stderr);
  });

  test('every stream returns exactly the records of the dataset, by primary key', () => {
    const messagesFrom = Math.floor(Date.now() / 1000) - DEFAULT_HISTORY_SECONDS;
    assert.deepEqual(keyDifferences(api.dataset, discovered, (name) => records(result.messages, name), { messagesFrom }), []);
    for (const stream of discovered) {
      const expected = expectedKeys(api.dataset, stream['name'] as string, { messagesFrom });
      if (expected !== undefined) assert.ok(expected.length > 0, `${stream['name']}: the tiny dataset should have records`);
    }
  });

  test('metrics rows = parents x periods x buckets, keyed by absolute bucket start', () => {
    for (const stream of discovered) {
      const name = stream['name'] as string;
      const parents = metricsParents(api.dataset, name);
      if (parents === undefined) continue;
      const rows = records(result.messages, name);
      assert.equal(rows.length, parents * PERIODS.reduce((n, p) => n + (BUCKETS[p] as number), 0), name);
      const keys = rows.map((r) => pkOf(r, stream['source_defined_primary_key'] as string[][]));
      assert.equal(new Set(keys).size, keys.length, `${name}: duplicate keys`);
      for (const r of rows) assert.match(String(r['period_start']), /^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    }
  });

  test('each stream: STARTED, RUNNING, COMPLETE, and at least one counted STATE', () => {
    for (const stream of discovered) {
      const name = stream['name'] as string;
      const seq = statuses(result.messages, name);
      assert.equal(seq[0], 'STARTED', name);
      assert.equal(seq.at(-1), 'COMPLETE', name);
      assert.ok(seq.slice(1, -1).length >= 1 && seq.slice(1, -1).every((s) => s === 'RUNNING'), `${name}: ${seq.join(',')}`);
      assert.ok(states(result.messages, name).length >= 1, `${name}: no STATE`);
    }
  });

  test('recordCount on each STATE counts the records of its stream since the previous STATE', () => {
    const counts = new Map<string, number>();
    for (const m of result.messages) {
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
    assert.match(result.stdout, /"recordCount":\d+\.0[,}]/);
    for (const [name, n] of counts) assert.equal(n, 0, `${name}: records after the last STATE`);
  });

  test('parents and children selected together: each endpoint read once, every request needed by its pages', () => {
    // The minimum is computed from the dataset alone (scripts/bench/minimum.ts), as the benchmark does.
    const answered = api.requests.filter((r) => r.status === 200);
    const combos = answered.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body ?? null)}`);
    assert.deepEqual(combos.filter((c, i) => combos.indexOf(c) !== i), [], 'the same request sent twice');
    const to = Math.floor((api.requests[0]?.at ?? 0) / 1000);
    const minimum = minimumRequests(api.dataset, { streams: discovered.map((s) => s['name'] as string), periods: PERIODS, from: to - DEFAULT_HISTORY_SECONDS, to });
    const counted = countByTemplate(api.requests, [...minimum.keys()]);
    const off = [...counted].filter(([template, c]) => c.requests !== minimum.get(template)).map(([template, c]) => `${template}: ${c.requests} requests, ${minimum.get(template)} needed`);
    assert.deepEqual(off, []);
  });

  test('every STATE has the documented shape of its stream (schemas/state/stream_state.json)', () => {
    const problems = states(result.messages).flatMap((s) => {
      const stream = s['stream'] as Json;
      const name = (stream['stream_descriptor'] as Json)['name'] as string;
      return stateProblems(STREAMS_BY_NAME.get(name)!, stream['stream_state']);
    });
    assert.deepEqual(problems, []);
  });

  test('BR-14: no state repeats its predecessor after records', () => {
    assert.deepEqual(repeatedStatesAfterRecords(result.messages), []);
  });

  test('the API key appears in no output', () => {
    assert.ok(!result.stdout.includes(KEY));
    assert.ok(!result.stderr.includes(KEY));
  });

  test('customers + customer_attributes cost ceil(N/1000) + ceil(N/100) requests', () => {
    const n = api.dataset.people.length;
    const search = api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 200).length;
    const hydrate = api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers/attributes' && r.status === 200).length;
    assert.equal(search + hydrate, Math.ceil(n / 1000) + Math.ceil(n / 100));
  });

  test('campaign actions are read page by page, 10 at a time', () => {
    const actionRequests = api.requests.filter((r) => /^\/v1\/campaigns\/\d+\/actions$/.test(r.path) && r.status === 200);
    const expectedPages = api.dataset.campaigns.reduce((n, c) => n + Math.max(1, Math.ceil(api.dataset.campaignActions.filter((a) => a.campaign_id === c.id).length / 10)), 0);
    // Read once, for campaign_actions and as the parents of campaign_action_metrics alike.
    assert.equal(actionRequests.length, expectedPages);
  });
});

describe('faults', () => {
  test('429s with and without Retry-After, 5xx, resets and truncated bodies lose nothing', async () => {
    const api = await startFakeApi({
      apiKey: KEY,
      datasetOptions: { size: 'tiny', seed: 11 },
    });
    try {
      const dir = tempDir();
      const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
      const names = ['campaigns', 'campaign_actions', 'segments', 'segment_membership', 'messages', 'activities', 'customers', 'customer_attributes', 'newsletters', 'campaign_messages', 'customer_messages', 'objects'];
      const disc = await runConnector(['discover', '--config', config]);
      const discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
      const catalog = writeJson(dir, 'catalog.json', configuredCatalog(names.map((name) => ({ name })), discovered));
      api.setFaults({ seed: 3, rate429: 0.25, retryAfter: 'mixed', status5xx: 0.15, reset: 0.1, truncate: 0.1, maxFaultsPerPath: 2 });
      api.clearLog();
      const run = await runConnector(['read', '--config', config, '--catalog', catalog], { timeoutMs: 300_000 });
      assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
      const faults = api.requests.filter((r) => r.fault !== undefined);
      assert.ok(faults.length >= 5, `only ${faults.length} faults were injected`);
      const messagesFrom = Math.floor(Date.now() / 1000) - DEFAULT_HISTORY_SECONDS;
      for (const name of names) {
        const stream = discovered.find((s) => s['name'] === name) as Json;
        const got = new Set(records(run.messages, name).map((r) => pkOf(r, stream['source_defined_primary_key'] as string[][])));
        assert.deepEqual([...got].sort(), [...(expectedKeys(api.dataset, name, { messagesFrom }) ?? [])].sort(), name);
      }
    } finally {
      await api.close();
    }
  });

  test('a parent deleted mid-sync is skipped with a warning and the sync exits 0', async () => {
    const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 5 } });
    try {
      const gone = api.dataset.campaigns[1]?.id;
      api.setFaults({ notFound: [`/v1/campaigns/${gone}/actions`] });
      const dir = tempDir();
      const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog([{ name: 'campaign_actions' }], discovered))]);
      assert.equal(run.code, 0);
      const warnings = ofType(run.messages, 'LOG').filter((l) => l['level'] === 'WARN' && String(l['message']).includes(`campaigns ${gone}`));
      assert.equal(warnings.length, 1);
      const ids = new Set(records(run.messages, 'campaign_actions').map((r) => r['campaign_id']));
      assert.ok(!ids.has(gone));
      assert.equal(ids.size, api.dataset.campaigns.length - 1);
    } finally {
      await api.close();
    }
  });

  test('a failing stream is INCOMPLETE with a TRACE naming it; the others complete; exit non-zero', async () => {
    const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 5 } });
    try {
      const dir = tempDir();
      const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
      api.setFaults({ forbidden: ['/v1/segments'] });
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog([{ name: 'segments' }, { name: 'campaigns' }, { name: 'snippets' }], discovered))]);
      assert.notEqual(run.code, 0);
      assert.deepEqual(statuses(run.messages, 'segments'), ['STARTED', 'INCOMPLETE']);
      assert.equal(statuses(run.messages, 'campaigns').at(-1), 'COMPLETE');
      assert.equal(statuses(run.messages, 'snippets').at(-1), 'COMPLETE');
      const errors = traceErrors(run.messages);
      assert.ok(errors.some((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === 'segments' && e['failure_type'] === 'config_error'));
    } finally {
      await api.close();
    }
  });
});

test('in the shared people pass, one failing stream stops alone', async () => {
  const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 8 } });
  try {
    const dir = tempDir();
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
    api.setFaults({ forbidden: ['/v1/customers/attributes'] });
    const names = ['customers', 'customer_attributes', 'customer_relationships'];
    const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog(names.map((name) => ({ name })), discovered))]);
    assert.notEqual(run.code, 0);
    assert.equal(statuses(run.messages, 'customer_attributes').at(-1), 'INCOMPLETE');
    assert.equal(statuses(run.messages, 'customers').at(-1), 'COMPLETE');
    assert.equal(statuses(run.messages, 'customer_relationships').at(-1), 'COMPLETE');
    assert.equal(records(run.messages, 'customers').length, api.dataset.people.length);
    assert.equal(records(run.messages, 'customer_relationships').length, api.dataset.relationships.length);
    assert.equal(traceErrors(run.messages).filter((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === 'customer_attributes').length, 1);
  } finally {
    await api.close();
  }
});

test('in a tree, a failing grandchild stops alone and a failing list fails its children naming it', async () => {
  const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 8 } });
  try {
    const dir = tempDir();
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
    const names = ['campaigns', 'campaign_actions', 'campaign_action_metrics', 'campaign_metrics'];
    const catalog = writeJson(dir, 'c.json', configuredCatalog(names.map((name) => ({ name })), discovered));
    const firstAction = api.dataset.campaignActions[0]!;
    api.setFaults({ forbidden: [`/v1/campaigns/${firstAction.campaign_id}/actions/${firstAction.id}/metrics`] });
    const one = await runConnector(['read', '--config', config, '--catalog', catalog]);
    assert.equal(statuses(one.messages, 'campaign_action_metrics').at(-1), 'INCOMPLETE');
    for (const name of ['campaigns', 'campaign_actions', 'campaign_metrics']) assert.equal(statuses(one.messages, name).at(-1), 'COMPLETE', name);
    assert.equal(records(one.messages, 'campaign_actions').length, api.dataset.campaignActions.length);

    api.setFaults({ forbidden: ['/v1/campaigns'] });
    const all = await runConnector(['read', '--config', config, '--catalog', catalog]);
    const errors = traceErrors(all.messages);
    for (const name of names) {
      assert.equal(statuses(all.messages, name).at(-1), 'INCOMPLETE', name);
      const own = errors.find((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === name);
      assert.equal(own?.['failure_type'], 'config_error', name);
      if (name !== 'campaigns') assert.match(String(own?.['message']), /its parent stream campaigns could not be read/, name);
    }
  } finally {
    await api.close();
  }
});

describe('spec, check and discover', () => {
  let api: FakeApi;
  let dir: string;
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 1 } });
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

describe('bad input: a clear TRACE error, a non-zero exit, no stack trace', () => {
  let dir: string;
  let catalog: string;
  before(() => {
    dir = tempDir();
    catalog = writeJson(dir, 'catalog.json', { streams: [{ stream: { name: 'campaigns', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] });
  });

  const cases: Array<[string, () => string[], RegExp]> = [
    ['a missing config file', () => ['read', '--config', path.join(dir, 'nope.json'), '--catalog', catalog], /Cannot read the config file/],
    ['an unreadable config (a directory)', () => ['read', '--config', dir, '--catalog', catalog], /Cannot read the config file/],
    ['a config that is not JSON', () => ['read', '--config', writeJson(dir, 'x.json', '{app_api_key:'), '--catalog', catalog], /not valid JSON/],
    ['a config without the key', () => ['discover', '--config', writeJson(dir, 'a.json', {})], /app_api_key/],
    ['a bad region', () => ['read', '--config', writeJson(dir, 'b.json', { app_api_key: 'k', region: 'apac' }), '--catalog', catalog], /region/],
    ['plain http to a remote host', () => ['read', '--config', writeJson(dir, 'c.json', { app_api_key: 'k', base_url: 'http://example.com' }), '--catalog', catalog], /https/],
    ['a catalog naming an unknown stream', () => ['read', '--config', writeJson(dir, 'd.json', { app_api_key: 'k' }), '--catalog', writeJson(dir, 'u.json', { streams: [{ stream: { name: '__AIRBYTE__stream_that_does_not_exist' }, sync_mode: 'INVALID', destination_sync_mode: 'INVALID' }] })], /does not have|sync_mode/],
    ['a malformed state file', () => ['read', '--config', writeJson(dir, 'e.json', { app_api_key: 'k' }), '--catalog', catalog, '--state', writeJson(dir, 's.json', [{ type: 'NOPE' }])], /state file is malformed/],
    ['a missing required option', () => ['read', '--config', writeJson(dir, 'f.json', { app_api_key: 'k' })], /--catalog/],
  ];
  for (const [what, args, pattern] of cases) {
    test(what, async () => {
      const run = await runConnector(args());
      assert.notEqual(run.code, 0);
      const errors = traceErrors(run.messages);
      assert.equal(errors.length, 1, run.stdout);
      assert.equal(errors[0]?.['failure_type'], 'config_error');
      assert.match(String(errors[0]?.['message']), pattern);
      assert.ok(!run.stdout.includes('    at '), 'stack trace on stdout');
    });
  }
});

