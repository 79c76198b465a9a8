import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { remove, type FakeApi } from '../fake-api/index.js';
import { hideFromWorkspaceList } from '../fake-api/routes/messages.js';
import { startTestApi } from '../test/helpers/fake.js';
import { catalogOf, recordsById, committed, lastStates, logLines, records, runConnector, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';

/*
 * customer_activities on its two routes (people_streams_route): each person's own list, or the
 * workspace-wide GET /v1/activities keyed by each activity's customer_identifiers.cio_id. Both give
 * the same records, deleted people's activities on neither; the bulk route sends no per-person
 * request beyond its self-check sample, falls back to the per-person route when the sample
 * disagrees, and reads incrementally from its `timestamp` cursor.
 */
const KEY = 'sk-activities-route-3a9b';
const DAY = 86_400;
const SAMPLE = 20;
const PER_PERSON_PATH = /^\/v1\/customers\/[^/]+\/activities$/;

const byId = (run: RunResult): Map<string, Json> => recordsById(run.messages, 'customer_activities');

describe('customer_activities: bulk and per-person routes', () => {
  let api: FakeApi;
  let dir: string;
  let deleted: string[];
  const read = async (route: 'auto' | 'per_person', names: string[], o: { state?: Json[]; syncMode?: 'full_refresh' | 'incremental'; extra?: Json; killAfterLines?: number } = {}) => {
    api.clearLog();
    const config = writeJson(dir, `config-${route}.json`, { app_api_key: KEY, base_url: api.url, people_streams_route: route, ...o.extra });
    const args = ['read', '--config', config, '--catalog', writeJson(dir, 'catalog.json', catalogOf(names, o.syncMode ?? 'full_refresh', 'timestamp'))];
    if (o.state) args.push('--state', writeJson(dir, 'state.json', o.state));
    const run = await runConnector(args, { timeoutMs: 300_000, ...(o.killAfterLines === undefined ? {} : { killAfterLines: o.killAfterLines }) });
    if (o.killAfterLines === undefined) assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    return run;
  };
  const perPersonRequests = () => api.requests.filter((r) => PER_PERSON_PATH.test(r.path));
  const workspaceRequests = () => api.requests.filter((r) => r.path === '/v1/activities');

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: { people: 120, activities: 3000 }, seed: 31 } });
    dir = tempDir();
    // People deleted after their activities: /v1/activities shows those only with deleted=true; their own lists answer 404.
    const withActivities = [...new Set(api.dataset.activities.map((a) => a.customer_identifiers.cio_id))].filter((cio) => api.dataset.people.some((p) => p.identifiers.cio_id === cio));
    deleted = withActivities.slice(-3);
    for (const cio of deleted) remove(api.dataset, 'person', cio);
  });
  after(async () => api.close());

  test('both routes give the same records, record for record; the bulk route reads only the sample per person', async () => {
    const perPerson = await read('per_person', ['customer_activities']);
    const perPersonCount = perPersonRequests().length;
    // Deleted people's activities are in the workspace list too when it is asked for them.
    const bulk = await read('auto', ['customer_activities'], { extra: { include_deleted_people: true } });
    assert.ok(logLines(bulk, 'INFO').some((m) => m.startsWith('customer_activities: bulk route')), JSON.stringify(logLines(bulk, 'INFO')));
    const a = byId(perPerson);
    const b = byId(bulk);
    assert.ok(a.size > 1000, `a real comparison (${a.size} records)`);
    assert.equal(records(bulk.messages, 'customer_activities').length, b.size, 'no activity twice');
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [id, record] of a) assert.deepEqual(b.get(id), record, `activity ${id}`);
    const gone = new Set([...deleted, ...api.dataset.deletedPeople.map((p) => p.cio_id)]);
    assert.ok(api.dataset.activities.some((x) => gone.has(x.customer_identifiers.cio_id)), 'the fake holds deleted people\'s activities');
    for (const record of b.values()) assert.ok(!gone.has(record['customer_cio_id'] as string), 'no deleted person');
    const people = new Set(perPersonRequests().map((r) => r.path));
    assert.ok(people.size <= SAMPLE, `${people.size} people read per person`);
    const search = api.requests.filter((r) => r.path === '/v1/customers').length;
    console.log(`requests: per_person ${perPersonCount} per-person lists; bulk ${workspaceRequests().length} of /v1/activities + ${search} search + ${perPersonRequests().length} sample`);
    assert.ok(perPersonRequests().length + workspaceRequests().length + search < perPersonCount, 'the bulk route is cheaper');
  });

  test('with activities selected, one pass over /v1/activities serves both streams', async () => {
    const perPerson = byId(await read('per_person', ['customer_activities']));
    const run = await read('auto', ['activities', 'customer_activities']);
    const starts = workspaceRequests().map((r) => r.query['start'] ?? '');
    assert.equal(new Set(starts).size, starts.length, 'no page of /v1/activities read twice');
    assert.ok(logLines(run, 'INFO').some((m) => m.startsWith('customer_activities: bulk route') && m.includes('activities is selected')));
    assert.deepEqual([...byId(run).keys()].sort(), [...perPerson.keys()].sort());
    assert.equal(records(run.messages, 'activities').length, api.dataset.activities.filter((x) => !api.dataset.deletedPeople.some((p) => p.cio_id === x.customer_identifiers.cio_id)).length);
  });

  test('with activity_types configured, customer_activities is read per person, and says why', async () => {
    const run = await read('auto', ['activities', 'customer_activities'], { extra: { activity_types: ['event'] } });
    assert.ok(logLines(run, 'INFO').some((m) => m.startsWith('customer_activities: per-person route: activity_types')), JSON.stringify(logLines(run, 'INFO')));
    assert.ok(perPersonRequests().length >= api.dataset.people.length);
  });

  test('a workspace list that loses activities makes the self-check fall back, with a WARN naming the stream', async () => {
    const perPerson = byId(await read('per_person', ['customer_activities']));
    const hidden = api.dataset.people.map((p) => p.identifiers.cio_id).sort().slice(0, 3);
    hideFromWorkspaceList(api.dataset, hidden);
    try {
      const run = await read('auto', ['activities', 'customer_activities']);
      const warns = logLines(run, 'WARN').filter((m) => m.startsWith('customer_activities:') && m.includes('self-check'));
      assert.equal(warns.length, 1, JSON.stringify(logLines(run, 'WARN')));
      assert.match(warns[0] as string, /activities only in the per-person list/);
      const got = byId(run);
      assert.deepEqual([...got.keys()].sort(), [...perPerson.keys()].sort());
      for (const [id, record] of perPerson) assert.deepEqual(got.get(id), record, `activity ${id}`);
    } finally {
      hideFromWorkspaceList(api.dataset, []);
    }
  });

  test('a bulk pass killed in the middle resumes at the page it saved: records may repeat, none is lost', async () => {
    const expected = byId(await read('per_person', ['customer_activities']));
    const full = await read('auto', ['activities', 'customer_activities'], { syncMode: 'incremental' });
    const fullPages = workspaceRequests().length;
    // Killed just after the pass's middle checkpoint of customer_activities, the second of the two
    // streams it checkpoints together: killed between the two, they would name different pages,
    // and the pass would start over (repeating, losing nothing).
    const checkpoints = full.stdout.split('\n').flatMap((l, i) => (l.includes('"type":"STATE"') && l.includes('"customer_activities"') && l.includes('"pending"') ? [i] : []));
    const killed = await read('auto', ['activities', 'customer_activities'], { syncMode: 'incremental', killAfterLines: (checkpoints[Math.floor(checkpoints.length / 2)] as number) + 1 });
    assert.equal(killed.signal, 'SIGKILL');
    const c = committed(killed.messages);
    const saved = c.states.get('customer_activities');
    assert.ok(saved !== undefined && saved['pending'] !== undefined, `a pass position to resume from: ${JSON.stringify(saved)}`);
    const state = [...c.states].map(([name, stream_state]) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state } }));
    const resumed = await read('auto', ['activities', 'customer_activities'], { state, syncMode: 'incremental' });
    assert.ok(workspaceRequests().length < fullPages, `resumed at its page (${workspaceRequests().length} of ${fullPages} pages)`);
    assert.deepEqual(logLines(resumed, 'WARN').filter((m) => m.includes('self-check')), [], 'the check compares only what the resumed pass read');
    const seen = new Set([...(c.records.get('customer_activities') ?? []), ...records(resumed.messages, 'customer_activities')].map((r) => r['id'] as string));
    assert.deepEqual([...seen].sort(), [...expected.keys()].sort());
  });

  test('incremental: a second sync reads from the first one\'s cursor, like the per-person route', async () => {
    const first = await read('auto', ['customer_activities'], { syncMode: 'incremental' });
    const firstPages = workspaceRequests().length;
    const state = lastStates(first.messages);
    const saved = ((state[0]!['stream'] as Json)['stream_state'] as Json)['timestamp'] as number;
    assert.ok(saved >= api.dataset.now - DAY, `the cursor reached the newest activity (${saved})`);
    const bulk = await read('auto', ['customer_activities'], { state, syncMode: 'incremental' });
    assert.ok(workspaceRequests().length < firstPages / 2, `the pass stopped early (${workspaceRequests().length} of ${firstPages} pages)`);
    const perPerson = await read('per_person', ['customer_activities'], { state, syncMode: 'incremental' });
    assert.deepEqual([...byId(bulk).keys()].sort(), [...byId(perPerson).keys()].sort());
    assert.ok(byId(bulk).size < byId(first).size / 2, 'fewer records than the first sync');
    for (const r of byId(bulk).values()) assert.ok((r['timestamp'] as number) >= saved - 3600, 'none older than the cursor minus the lookback');
  });
});

describe('customer_activities: auto when the activity pages outnumber the people', () => {
  // 15 people and 3,000 activities: 30 pages of GET /v1/activities cost more than a request a person.
  let api: FakeApi;
  let dir: string;
  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: { people: 15, activities: 3000 }, seed: 5 } });
    dir = tempDir();
  });
  after(async () => api.close());

  test('auto reads per person, says why, and sends one page of the list to weigh it', async () => {
    const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
    const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'catalog.json', catalogOf(['customer_activities']))], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    const info = logLines(run, 'INFO').filter((m) => m.startsWith('customer_activities: per-person route'));
    assert.equal(info.length, 1, JSON.stringify(logLines(run, 'INFO')));
    assert.match(info[0] as string, /pages of \/activities/);
    assert.equal(api.requests.filter((r) => r.path === '/v1/activities').length, 1);
    const asked = new Set(api.requests.filter((r) => PER_PERSON_PATH.test(r.path)).map((r) => r.path));
    assert.equal(asked.size, api.dataset.people.length);
  });
});
