// Pages encoded from their bytes give the records the parsed path gives (as JSON values), and
// whatever the encoder does not expect sends the page to the parsed path instead.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import { schemaOfStream } from '../src/catalog.js';
import type { JsonObject } from '../src/protocol/messages.js';
import { keepDeclared } from '../src/streams/declared.js';
import { STREAMS, STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { PageEncoder, type EncoderOptions } from '../src/streams/encode/page.js';
import { objectPlan } from '../src/streams/encode/plan.js';
import { fillPath, itemsOf } from '../src/streams/paginate.js';
import { recordOf, reshape, type Shape } from '../src/streams/shape.js';
import type { StreamDefinition } from '../src/streams/types.js';
import { isObject } from '../src/streams/types.js';

const KEY = 'encoder-key';
const EMITTED_AT = 1_700_000_000_000;
const schemaOf = schemaOfStream(STREAMS);

function encoderFor(def: StreamDefinition, extra?: JsonObject, keep?: EncoderOptions['keep']): PageEncoder {
  const schema = schemaOf(def.name);
  return new PageEncoder({ stream: def.name, schema, plan: objectPlan(schema, def.shape), envelope: def.envelope, extra, keep, now: () => EMITTED_AT });
}

/** What the parsed path makes of a body: records as readWindows and declaredOnly make them, and the fields left out. */
function parsedPath(def: StreamDefinition, body: unknown, extra: JsonObject = {}, keep?: EncoderOptions['keep']): { records: JsonObject[]; dropped: Set<string> } {
  const dropped = new Set<string>();
  const records: JsonObject[] = [];
  for (const item of itemsOf(body, def.envelope, def.path)) {
    const own = recordOf(def, item);
    if (own === undefined) continue;
    const record = { ...own, ...extra };
    if (keep && !keep.values.includes(String(record[keep.field]))) continue;
    records.push(keepDeclared(schemaOf(def.name), record, dropped) as JsonObject);
  }
  return { records, dropped };
}

/** The encoded page's lines, checked for framing, and their records. */
function linesOf(stream: string, bytes: Buffer): JsonObject[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  assert.ok(text.endsWith('\n'));
  return text.slice(0, -1).split('\n').map((line) => {
    const message = JSON.parse(line) as { type: string; record: { stream: string; data: JsonObject; emitted_at: number } };
    assert.equal(message.type, 'RECORD');
    assert.equal(message.record.stream, stream);
    assert.equal(message.record.emitted_at, EMITTED_AT);
    return message.record.data;
  });
}

function assertSame(def: StreamDefinition, bytes: Buffer, extra?: JsonObject, keep?: EncoderOptions['keep']): number {
  const page = encoderFor(def, extra, keep).encode(bytes);
  assert.ok(page !== undefined, `${def.name}: the encoder gave the page back`);
  const parsed = parsedPath(def, JSON.parse(bytes.toString('utf8')), extra, keep);
  parsed.records = JSON.parse(JSON.stringify(parsed.records)) as JsonObject[];
  assert.deepStrictEqual(linesOf(def.name, page.records.bytes), parsed.records, def.name);
  assert.equal(page.records.count, parsed.records.length);
  assert.deepStrictEqual(new Set(page.records.dropped), parsed.dropped, `${def.name}: fields left out`);
  return page.records.count;
}

let api: FakeApi;
before(async () => {
  api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 17 }, requestsPerSecond: 0 });
});
after(() => api.close());

async function getBytes(path: string, query: Record<string, string> = {}): Promise<Buffer> {
  const url = new URL(`/v1${path}`, api.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(response.status, 200, `${path}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

const isGet = (def: StreamDefinition | undefined) => (def?.method ?? 'GET') === 'GET';
const encodable = (def: StreamDefinition) => def.toRecord === undefined && def.configRecord === undefined && def.metrics === undefined
  && isGet(def) && def.pagination.kind !== 'single' && (def.parent === undefined || isGet(STREAMS_BY_NAME.get(def.parent.stream)));

test('every stream read by GET whose record is its item: encoded pages from the varied fake equal the parsed records', async () => {
  let streams = 0;
  let records = 0;
  for (const def of STREAMS.filter(encodable)) {
    const parent = def.parent === undefined ? undefined : STREAMS_BY_NAME.get(def.parent.stream);
    // A partitioned list is read here for its first value.
    const partition: JsonObject = def.partitions === undefined ? {} : { [def.partitions.param]: def.partitions.values[0] ?? '' };
    const parents: JsonObject[] = parent === undefined
      ? [partition]
      : itemsOf(JSON.parse((await getBytes(parent.path)).toString('utf8')), parent.envelope, parent.path).filter(isObject).slice(0, 3)
        .map((item) => Object.fromEntries(Object.entries(def.parent?.fields ?? {}).map(([field, from]) => [field, recordOf(parent, item)?.[from] ?? null])));
    for (const fields of parents) {
      const path = fillPath(def.path, fields);
      if (path.includes('null')) continue;
      const inQuery = def.partitions?.in === 'query' ? partition : {};
      const query = Object.fromEntries(Object.entries({ ...def.query, ...inQuery }).map(([k, v]) => [k, String(v)]));
      records += assertSame(def, await getBytes(path, query), def.parent === undefined ? undefined : fields);
    }
    streams++;
  }
  assert.ok(streams >= 20, `only ${streams} streams encoded`);
  assert.ok(records >= 150, `only ${records} records compared`);
});

test('the message type filter keeps what the parsed path keeps', async () => {
  const messages = STREAMS_BY_NAME.get('messages');
  assert.ok(messages);
  const bytes = await getBytes('/messages', { limit: '1000' });
  const kept = assertSame(messages, bytes, undefined, { field: 'type', values: ['email', 'push'] });
  assert.ok(kept > 0 && kept < 1000);
});

// Hand-made pages for what the fake does not show.
const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    owner: { type: ['null', 'string'] },
    url: { type: ['null', 'string'] },
    ids: { type: 'array', items: { type: 'integer' } },
    person: { type: 'object', properties: { id: { type: 'string' }, email: { type: ['null', 'string'] } } },
    people: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
    free: { type: 'object' },
    name: { type: 'string' },
    parent_id: { type: 'integer' },
  },
};
const SHAPE: Shape = { integers: ['id'], strings: ['owner'], urls: ['url'], integerLists: ['ids'], nested: { person: { strings: ['id'] }, people: { strings: ['id'] } } };

function encodeHandMade(body: string, extra?: JsonObject, keep?: EncoderOptions['keep']) {
  return new PageEncoder({ stream: 'things', schema: SCHEMA, plan: objectPlan(SCHEMA, SHAPE), envelope: 'things', extra, keep, now: () => EMITTED_AT }).encode(Buffer.from(body, 'utf8'));
}

function sameAsParsed(body: string, extra?: JsonObject, keep?: EncoderOptions['keep']) {
  const page = encodeHandMade(body, extra, keep);
  assert.ok(page !== undefined, `given back: ${body}`);
  const dropped = new Set<string>();
  const expected = itemsOf(JSON.parse(body), 'things', '/things')
    .map((item) => ({ ...reshape(SHAPE)(item), ...extra }))
    .filter((record) => keep === undefined || keep.values.includes(String(record[keep.field])))
    .map((record) => keepDeclared(SCHEMA, record, dropped));
  // Compared as written: JSON.stringify writes -0 as 0.
  assert.deepStrictEqual(linesOf('things', page.records.bytes), JSON.parse(JSON.stringify(expected)), body);
  assert.deepStrictEqual(new Set(page.records.dropped), dropped, body);
  return page;
}

test('types and credentials are rewritten as the Shape says, every other value is kept as sent', () => {
  const cases = [
    '{"things":[{"id":"12","owner":34,"url":"https://u:p@h.example/x","ids":["1",2,"x"],"name":"é ✓ \\"q\\" \\\\ \\u00e9"}]}',
    '{"things":[{"id":"007"},{"id":"-0"},{"id":"-12"},{"id":"12345678901234567890"},{"id":"1234567890123456"},{"id":"1.5"},{"id":"\\u0031\\u0032"},{"id":7}]}',
    '{"things":[{"owner":1e3},{"owner":1.50},{"owner":-0},{"owner":0},{"owner":"x"},{"owner":null},{"owner":123456789012345678}]}',
    '{"things":[{"url":"https:\\/\\/u:p@h.example\\/x"},{"url":"a@b.example"},{"url":"//u@h/x"},{"url":"https://h.example/@me"},{"url":5}]}',
    '{"things":[{"person":{"id":5,"email":"a@b.c","extra":1},"people":[{"id":1,"x":2},3,null,[4]],"free":{"any":{"thing":[1,{"a":2}]}}}]}',
    '{"things":[{"person":null,"people":null,"ids":null,"free":null},{"person":[1],"people":{"id":2}},{}]}',
    '{ "next" : "abc" , "things" : [ { "id" : "1" , "name" : "a b" , "skip" : { "deep" : [ 1 , 2 ] } } , {"id":2} ] , "other" : {"x":[1]} }',
    '{"things":[]}',
  ];
  for (const body of cases) sameAsParsed(body);
});

test('extra fields replace the item\'s own and close every record; the filter drops what the parsed path drops', () => {
  sameAsParsed('{"things":[{"id":1,"parent_id":9,"name":"a"},{},{"parent_id":"x"}]}', { parent_id: 5, undeclared: 1 });
  sameAsParsed('{"things":[{"id":1,"name":"keep"},{"id":2,"name":"drop"},{"id":3},{"id":4,"name":null}]}', undefined, { field: 'name', values: ['keep', 'null'] });
  sameAsParsed('{"things":[{"id":"1","name":"a"}]}', undefined, { field: 'id', values: ['1'] });
});

test('the page\'s next token and item count come back with it', () => {
  const page = sameAsParsed('{"things":[{"id":1},{"id":2}],"next":"tok=="}');
  assert.equal(page.next, 'tok==');
  assert.equal(page.items, 2);
  assert.equal(sameAsParsed('{"next":12,"things":[{"id":1}]}').next, 12);
});

test('a name left out is reported once per encoder', () => {
  const encoder = new PageEncoder({ stream: 'things', schema: SCHEMA, plan: objectPlan(SCHEMA, SHAPE), envelope: 'things', now: () => EMITTED_AT });
  const body = Buffer.from('{"things":[{"id":1,"new":1,"person":{"id":"a","new":2}}]}');
  assert.deepStrictEqual(encoder.encode(body)?.records.dropped.sort(), ['new', 'person.new']);
  assert.deepStrictEqual(encoder.encode(body)?.records.dropped, []);
});

test('pages the encoder does not expect are given back to the parsed path', () => {
  const givenBack = [
    '{"things":[{"id":1}]}\n',
    '{"things":[\n{"id":1}]}',
    '{"things":[{"na\\u006de":"x"}]}',
    '{"things":[{"nämé":"x"}]}',
    '{"things":[1,{"id":1}]}',
    '{"things":[null]}',
    '{"things":null}',
    '{"things":{"id":1}}',
    '{"other":[]}',
    '{}',
    '{"things":[{"id":1}]',
    '{"things":[{"id":1}]} x',
    '{"things":[{"id":1,}]}',
    '{"things":[{"id" 1}]}',
    '{"things":[{"id":"1}]}',
    '{"things":[{"free":{"a":[1,2}}]}',
    '{"things":[{"skip":[1}]}',
    '{"things":[{"free":]}]}',
    '[]',
    '',
  ];
  for (const body of givenBack) assert.equal(encodeHandMade(body), undefined, body);
  // Invalid UTF-8 is replaced by the parsed path's decoder, never copied.
  const invalid = Buffer.concat([Buffer.from('{"things":[{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]);
  assert.equal(new PageEncoder({ stream: 'things', schema: SCHEMA, plan: objectPlan(SCHEMA, SHAPE), envelope: 'things', now: () => 0 }).encode(invalid), undefined);
});
