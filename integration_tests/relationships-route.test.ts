import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { remove, type FakeApi } from '../fake-api/index.js';
import { hideFromObjectSide } from '../fake-api/routes/objects.js';
import { startTestApi } from '../test/helpers/fake.js';
import { committed, ofType, records, runConnector, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';

/*
 * customer_relationships on its two routes (people_streams_route): every person of the search
 * asked on their own list, or (auto) the objects asked for their related people first, then only
 * those people (and the self-check sample) on their own lists. Both give the same records.
 */
const KEY = 'sk-relationships-route-5e1f';
const SAMPLE = 20;
const PER_PERSON_PATH = /^\/v1\/customers\/[^/]+\/relationships$/;
const OBJECT_SIDE_PATH = /^\/v1\/objects\/[^/]+\/[^/]+\/relationships$/;

function catalogOf(names: string[]): Json {
  return {
    streams: names.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite',
    })),
  };
}

const keyOf = (r: Json) => `${String(r['customer_id'])}/${String(r['object_type_id'])}/${String(r['object_id'])}`;
/** customer_relationships records by key, each once (a fallback or a resumed sync may repeat some). */
const byKey = (list: Json[]): Map<string, Json> => new Map(list.map((r) => [keyOf(r), r]));
const logs = (run: RunResult, level: string): string[] => ofType(run.messages, 'LOG').filter((l) => l['level'] === level).map((l) => l['message'] as string);

/** A fake of `size` and the reads of one test file against it. */
function workspace(size: { people: number; objectsPerType: number }, seed: number) {
  const w = {
    api: undefined as unknown as FakeApi,
    dir: '',
    async start() {
      w.api = await startTestApi({ apiKey: KEY, datasetOptions: { size, seed } });
      w.dir = tempDir();
    },
    async read(route: 'auto' | 'per_person', names: string[], o: { state?: Json[]; killAfterLines?: number; extra?: Json } = {}): Promise<RunResult> {
      w.api.clearLog();
      const config = writeJson(w.dir, `config-${route}.json`, { app_api_key: KEY, base_url: w.api.url, people_streams_route: route, ...o.extra });
      const args = ['read', '--config', config, '--catalog', writeJson(w.dir, 'catalog.json', catalogOf(names))];
      if (o.state) args.push('--state', writeJson(w.dir, 'state.json', o.state));
      const run = await runConnector(args, { timeoutMs: 300_000, ...(o.killAfterLines === undefined ? {} : { killAfterLines: o.killAfterLines }) });
      if (o.killAfterLines === undefined) assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
      return run;
    },
    count: (pattern: RegExp | string) => w.api.requests.filter((r) => (typeof pattern === 'string' ? r.path === pattern : pattern.test(r.path))).length,
    perPerson: () => w.api.requests.filter((r) => PER_PERSON_PATH.test(r.path)).map((r) => decodeURIComponent(r.path.split('/')[3] as string)),
    /** The first people of the search (by cio_id): the self-check sample. */
    sample: () => w.api.dataset.people.map((p) => p.identifiers.cio_id).sort().slice(0, SAMPLE),
    /** People of the search with at least one relationship. */
    related: () => {
      const live = new Set(w.api.dataset.people.map((p) => p.identifiers.cio_id));
      return new Set(w.api.dataset.relationships.map((r) => r.cio_id).filter((cio) => live.has(cio)));
    },
  };
  return w;
}

describe('customer_relationships: objects and per-person routes', () => {
  // 600 people, 2 object types of 15 objects: asking 30 objects spares the people without relationships.
  const w = workspace({ people: 600, objectsPerType: 15 }, 31);
  let deleted: string[] = [];
  before(async () => {
    await w.start();
    // People deleted since: their own lists answer 404, and no object names them any more.
    deleted = [...w.related()].slice(-3);
    for (const cio of deleted) remove(w.api.dataset, 'person', cio);
  });
  after(async () => w.api.close());

  test('both routes give the same records, record for record; the objects route asks only the related people and the sample', async () => {
    const perPerson = await w.read('per_person', ['customer_relationships']);
    assert.equal(w.count(PER_PERSON_PATH), w.api.dataset.people.length, 'per_person: one request per person');
    const objects = await w.read('auto', ['customer_relationships']);
    assert.ok(logs(objects, 'INFO').some((m) => m.startsWith('customer_relationships: objects route: 30 objects')), JSON.stringify(logs(objects, 'INFO')));
    const a = byKey(records(perPerson.messages, 'customer_relationships'));
    const b = byKey(records(objects.messages, 'customer_relationships'));
    assert.ok(a.size > 200, `a real comparison (${a.size} records)`);
    assert.equal(records(objects.messages, 'customer_relationships').length, b.size, 'no record twice');
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [key, record] of a) assert.deepEqual(b.get(key), record, key);
    for (const record of b.values()) assert.ok(!deleted.includes(record['customer_id'] as string), 'no deleted person');
    // Requests: the search, the object types, a page of objects per type, one request per object, and one per related person or person sampled.
    const asked = new Set([...w.related(), ...w.sample()]);
    assert.deepEqual([...w.perPerson()].sort(), [...asked].sort(), 'each related or sampled person asked once');
    assert.equal(w.count('/v1/customers'), 1);
    assert.equal(w.count('/v1/object_types'), 1);
    assert.equal(w.count('/v1/objects'), 2);
    assert.equal(w.count(OBJECT_SIDE_PATH), w.api.dataset.objects.length);
    const total = w.api.requests.length;
    assert.equal(total, 1 + 1 + 2 + w.api.dataset.objects.length + asked.size);
    console.log(`requests: per_person ${w.api.dataset.people.length + 1}; objects route ${total} (${w.api.dataset.objects.length} objects, ${asked.size} people asked of ${w.api.dataset.people.length})`);
  });

  test('with objects selected, one read of the objects serves both streams', async () => {
    const perPerson = byKey(records((await w.read('per_person', ['customer_relationships'])).messages, 'customer_relationships'));
    const run = await w.read('auto', ['object_types', 'objects', 'customer_relationships']);
    const pages = w.api.requests.filter((r) => r.path === '/v1/objects').map((r) => `${JSON.stringify(r.body)}-${r.query['start'] ?? ''}`);
    assert.equal(pages.length, 2);
    assert.equal(new Set(pages).size, pages.length, 'no page of objects read twice');
    assert.equal(w.count('/v1/object_types'), 1);
    assert.equal(records(run.messages, 'objects').length, w.api.dataset.objects.length);
    assert.ok(logs(run, 'INFO').some((m) => m.includes('listed for objects anyway')));
    assert.deepEqual([...byKey(records(run.messages, 'customer_relationships')).keys()].sort(), [...perPerson.keys()].sort());
  });

  test('an object side that misses a sampled person\'s relationships makes the self-check fall back, with a WARN naming the stream', async () => {
    const perPerson = byKey(records((await w.read('per_person', ['customer_relationships'])).messages, 'customer_relationships'));
    const hidden = w.sample().find((cio) => w.related().has(cio));
    assert.ok(hidden, 'a sampled person with relationships');
    hideFromObjectSide(w.api.dataset, [hidden]);
    try {
      const run = await w.read('auto', ['customer_relationships']);
      const warns = logs(run, 'WARN').filter((m) => m.startsWith('customer_relationships:') && m.includes('self-check') && m.includes(hidden));
      assert.equal(warns.length, 1, JSON.stringify(logs(run, 'WARN')));
      const got = records(run.messages, 'customer_relationships');
      assert.equal(got.length, perPerson.size, 'nothing sent twice: the objects route had sent nothing yet');
      assert.deepEqual([...byKey(got).keys()].sort(), [...perPerson.keys()].sort());
      // Everyone asked once: the sample is not asked again.
      assert.deepEqual([...w.perPerson()].sort(), w.api.dataset.people.map((p) => p.identifiers.cio_id).sort());
    } finally {
      hideFromObjectSide(w.api.dataset, []);
    }
  });

  test('an object side that cannot be read (403) leaves everyone to be asked, nothing lost', async () => {
    const perPerson = byKey(records((await w.read('per_person', ['customer_relationships'])).messages, 'customer_relationships'));
    w.api.setFaults({ forbidden: ['/v1/objects/'] });
    try {
      const run = await w.read('auto', ['customer_relationships']);
      assert.ok(logs(run, 'INFO').some((m) => m.startsWith('customer_relationships: per-person route: the objects\' relationships could not be read')), JSON.stringify(logs(run, 'INFO')));
      assert.deepEqual([...byKey(records(run.messages, 'customer_relationships')).keys()].sort(), [...perPerson.keys()].sort());
      assert.equal(w.count(PER_PERSON_PATH), w.api.dataset.people.length);
    } finally {
      w.api.setFaults({});
    }
  });

  test('with a people filter, only the related people of the search are asked', async () => {
    const size = (id: number) => w.api.dataset.segmentMembers.filter((m) => m.segment_id === id).length;
    const segment = [...w.api.dataset.segments].sort((x, y) => size(y.id) - size(x.id))[0];
    assert.ok(segment && size(segment.id) > 100 && size(segment.id) < w.api.dataset.people.length / 2, 'a segment of a few hundred people');
    const extra = { customer_filter: JSON.stringify({ segment: { id: segment.id } }) };
    const perPerson = byKey(records((await w.read('per_person', ['customer_relationships'], { extra })).messages, 'customer_relationships'));
    const members = new Set(w.api.dataset.segmentMembers.filter((m) => m.segment_id === segment.id).map((m) => m.cio_id));
    const run = await w.read('auto', ['customer_relationships'], { extra });
    assert.ok(logs(run, 'INFO').some((m) => m.startsWith('customer_relationships: objects route')), JSON.stringify(logs(run, 'INFO')));
    assert.deepEqual([...byKey(records(run.messages, 'customer_relationships')).keys()].sort(), [...perPerson.keys()].sort());
    assert.ok(w.perPerson().every((cio) => members.has(cio)), 'nobody outside the search asked');
  });

  test('a sync stopped in the middle resumes from its state and loses nothing', async () => {
    const expected = byKey(records((await w.read('per_person', ['customer_relationships'])).messages, 'customer_relationships'));
    const full = await w.read('auto', ['customer_relationships']);
    const lines = full.stdout.split('\n');
    const firstRecord = lines.findIndex((l) => l.includes('"type":"RECORD"'));
    const seen = new Set<string>();
    let state: Json[] | undefined;
    // Two stops inside the pass over the related people, then a sync to the end.
    for (const at of [0.3, 0.6, undefined]) {
      const killAfterLines = at === undefined ? undefined : firstRecord + Math.floor((lines.length - firstRecord) * at);
      const run = await w.read('auto', ['customer_relationships'], { ...(state ? { state } : {}), ...(killAfterLines === undefined ? {} : { killAfterLines }) });
      const c = committed(run.messages);
      for (const r of c.records.get('customer_relationships') ?? []) seen.add(keyOf(r));
      const saved = c.states.get('customer_relationships');
      if (at !== undefined) {
        assert.equal(run.signal, 'SIGKILL');
        assert.ok(saved !== undefined && (saved['pass'] as Json | undefined)?.['people'] === 'related', `a pass position to resume from: ${JSON.stringify(saved)}`);
      }
      state = saved === undefined ? state : [{ type: 'STREAM', stream: { stream_descriptor: { name: 'customer_relationships' }, stream_state: saved } }];
    }
    assert.deepEqual([...seen].sort(), [...expected.keys()].sort());
  });
});

describe('customer_relationships: auto when objects outnumber people', () => {
  // 40 people and 2 object types of 100 objects: asking every object costs more than asking everyone.
  const w = workspace({ people: 40, objectsPerType: 100 }, 32);
  before(async () => w.start());
  after(async () => w.api.close());

  test('auto reads per person, having listed no more than a page of objects, and logs why', async () => {
    const perPerson = byKey(records((await w.read('per_person', ['customer_relationships'])).messages, 'customer_relationships'));
    const run = await w.read('auto', ['customer_relationships']);
    const choice = logs(run, 'INFO').filter((m) => m.startsWith('customer_relationships: per-person route'));
    assert.equal(choice.length, 1, JSON.stringify(logs(run, 'INFO')));
    assert.match(choice[0]!, /listing the objects stopped at \d+ objects after \d+ requests/);
    assert.deepEqual([...byKey(records(run.messages, 'customer_relationships')).keys()].sort(), [...perPerson.keys()].sort());
    assert.equal(w.count(PER_PERSON_PATH), w.api.dataset.people.length, 'each person once, the sample included');
    assert.ok(w.count('/v1/objects') <= 1, `${w.count('/v1/objects')} pages of objects`);
    assert.equal(w.count(OBJECT_SIDE_PATH), 0, 'no object asked');
  });
});
