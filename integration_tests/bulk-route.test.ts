import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { remove, type FakeApi } from '../fake-api/index.js';
import { hideFromWorkspaceList } from '../fake-api/routes/messages.js';
import { startTestApi } from '../test/helpers/fake.js';
import { catalogOf, recordsById, lastStates, logLines, records, runConnector, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';

/*
 * customer_messages on its two routes (people_streams_route): the per-person lists, or the
 * workspace-wide GET /v1/messages keyed by each delivery's cio_id. Both give the same records,
 * deleted people's deliveries on neither; the bulk route sends no per-person request beyond its
 * self-check sample, and falls back to the per-person route when the sample disagrees.
 */
const KEY = 'sk-bulk-route-8c1d2e';
const DAY = 86_400;
const SAMPLE = 20;
const PER_PERSON_PATH = /^\/v1\/customers\/[^/]+\/messages$/;

const byId = (run: RunResult): Map<string, Json> => recordsById(run.messages, 'customer_messages');

describe('customer_messages: bulk and per-person routes', () => {
  let api: FakeApi;
  let dir: string;
  let deleted: string[];
  const config = (route: 'auto' | 'per_person') => writeJson(dir, `config-${route}.json`, {
    app_api_key: KEY, base_url: api.url, people_streams_route: route, start_date: new Date((api.dataset.now - 100 * DAY) * 1000).toISOString(),
  });
  const read = async (route: 'auto' | 'per_person', names: string[], state?: Json[], syncMode: 'full_refresh' | 'incremental' = 'full_refresh') => {
    api.clearLog();
    const args = ['read', '--config', config(route), '--catalog', writeJson(dir, 'catalog.json', catalogOf(names, syncMode, 'created'))];
    if (state) args.push('--state', writeJson(dir, 'state.json', state));
    const run = await runConnector(args, { timeoutMs: 300_000 });
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    return run;
  };
  const perPersonRequests = () => api.requests.filter((r) => PER_PERSON_PATH.test(r.path));

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: { people: 80, messages: 4000 }, seed: 23 } });
    dir = tempDir();
    // People deleted after their deliveries: /v1/messages keeps those with only a cio_id; their own lists answer 404.
    const withDeliveries = [...new Set(api.dataset.messages.filter((m) => m.created >= api.dataset.now - 90 * DAY).map((m) => m.customer_identifiers.cio_id))];
    deleted = withDeliveries.slice(-3);
    for (const cio of deleted) remove(api.dataset, 'person', cio);
  });
  after(async () => api.close());

  test('both routes give the same records, record for record; the bulk route reads only the sample per person', async () => {
    const perPerson = await read('per_person', ['customer_messages']);
    const perPersonCount = perPersonRequests().length;
    const bulk = await read('auto', ['customer_messages']);
    assert.ok(logLines(bulk, 'INFO').some((m) => m.startsWith('customer_messages: bulk route')), 'the choice is logged');
    const a = byId(perPerson);
    const b = byId(bulk);
    assert.ok(a.size > 100, `a real comparison (${a.size} records)`);
    assert.equal(records(bulk.messages, 'customer_messages').length, b.size, 'no delivery twice');
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [id, record] of a) assert.deepEqual(b.get(id), record, `delivery ${id}`);
    for (const record of b.values()) assert.ok(!deleted.includes(record['customer_cio_id'] as string), 'no deleted person');
    const people = new Set(perPersonRequests().map((r) => r.path));
    assert.ok(people.size <= SAMPLE, `${people.size} people read per person`);
    const workspace = api.requests.filter((r) => r.path === '/v1/messages').length;
    const search = api.requests.filter((r) => r.path === '/v1/customers').length;
    console.log(`requests: per_person ${perPersonCount} per-person lists; bulk ${workspace} of /v1/messages + ${search} search + ${perPersonRequests().length} sample`);
    assert.ok(perPersonRequests().length + workspace + search < perPersonCount, 'the bulk route is cheaper');
  });

  test('with messages selected, one read of /v1/messages serves both streams', async () => {
    const run = await read('auto', ['messages', 'customer_messages']);
    const windows = api.requests.filter((r) => r.path === '/v1/messages').map((r) => `${r.query['start_ts']}-${r.query['end_ts']}-${r.query['start'] ?? ''}`);
    assert.equal(new Set(windows).size, windows.length, 'no page of /v1/messages read twice');
    const all = records(run.messages, 'messages');
    const own = byId(run);
    assert.ok(all.length > own.size, 'messages keeps the deleted people\'s deliveries, customer_messages does not');
    assert.ok(all.some((m) => deleted.includes(((m['customer_identifiers'] as Json)['cio_id']) as string)));
  });

  test('with the people streams selected too, the people search is read once and feeds the bulk route', async () => {
    const perPerson = byId(await read('per_person', ['customer_messages']));
    const run = await read('auto', ['customers', 'customer_attributes', 'messages', 'customer_messages']);
    const searches = api.requests.filter((r) => r.path === '/v1/customers').length;
    assert.equal(searches, Math.ceil(api.dataset.people.length / 1000), 'one read of the search');
    assert.deepEqual([...byId(run).keys()].sort(), [...perPerson.keys()].sort());
    assert.equal(records(run.messages, 'customers').length, api.dataset.people.length);
  });

  test('a per_person state of customer_messages carries on with the bulk route, and back', async () => {
    const first = await read('per_person', ['customer_messages'], undefined, 'incremental');
    const state = lastStates(first.messages);
    const bulk = await read('auto', ['customer_messages'], state, 'incremental');
    const again = await read('per_person', ['customer_messages'], lastStates(bulk.messages), 'incremental');
    assert.deepEqual([...byId(bulk).keys()].sort(), [...byId(again).keys()].sort());
  });

  test('a workspace list that loses deliveries makes the self-check fall back, with a WARN naming the stream', async () => {
    const perPerson = byId(await read('per_person', ['customer_messages']));
    const first = [...api.dataset.people].sort((x, y) => x.identifiers.cio_id.localeCompare(y.identifiers.cio_id))[0]!.identifiers.cio_id;
    hideFromWorkspaceList(api.dataset, [first]);
    try {
      const run = await read('auto', ['messages', 'customer_messages']);
      const warns = logLines(run, 'WARN').filter((m) => m.startsWith('customer_messages:') && m.includes('self-check'));
      assert.equal(warns.length, 1, JSON.stringify(logLines(run, 'WARN')));
      const got = byId(run);
      assert.deepEqual([...got.keys()].sort(), [...perPerson.keys()].sort());
      for (const [id, record] of perPerson) assert.deepEqual(got.get(id), record, `delivery ${id}`);
    } finally {
      hideFromWorkspaceList(api.dataset, []);
    }
  });

  test('incremental: a second sync from the first one\'s state reads from its cursor, like the per-person route', async () => {
    const first = await read('auto', ['customer_messages'], undefined, 'incremental');
    const state = lastStates(first.messages);
    const saved = ((state[0]!['stream'] as Json)['stream_state'] as Json)['created'] as number;
    assert.ok(saved >= api.dataset.now - DAY, `the cursor reached the sync (${saved})`);
    const bulk = await read('auto', ['customer_messages'], state, 'incremental');
    const starts = api.requests.filter((r) => r.path === '/v1/messages').map((r) => Number(r.query['start_ts']));
    assert.ok(Math.min(...starts) >= saved - 30 * DAY, 'read from the cursor minus the lookback');
    const perPerson = await read('per_person', ['customer_messages'], state, 'incremental');
    assert.deepEqual([...byId(bulk).keys()].sort(), [...byId(perPerson).keys()].sort());
    assert.ok(byId(bulk).size < byId(first).size, 'fewer records than the first sync');
  });
});
