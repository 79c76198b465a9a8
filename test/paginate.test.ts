import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, RequestOptions } from '../src/http/client.js';
import { paginate, PaginationLoopError } from '../src/streams/paginate.js';
import type { Pagination } from '../src/streams/types.js';
import { PageEncoder } from '../src/streams/encode/page.js';
import { objectPlan } from '../src/streams/encode/plan.js';

/** A client that answers from a list of bodies and records the queries it was sent. */
function scripted(bodies: unknown[]): { client: ApiClient; queries: Array<RequestOptions['query']> } {
  const queries: Array<RequestOptions['query']> = [];
  const answer = async <T>(_path: string, options: RequestOptions = {}) => {
    queries.push(options.query);
    const body = bodies.shift();
    if (body === 404) return { status: 404, body: undefined };
    return { status: 200 as const, body: body as T };
  };
  return { client: { get: answer, post: answer, requestCounts: new Map(), close: async () => {} } as ApiClient, queries };
}

async function collect(client: ApiClient, pagination: Pagination, extra: { onNotFound?: () => void } = {}) {
  const pages = [];
  for await (const page of paginate({ client, method: 'GET', path: '/x', envelope: 'items', pagination, tag: 't', ...extra })) pages.push(page);
  return pages;
}

test('cursor pagination sends next back as start and ends on an empty or missing next', async () => {
  const { client, queries } = scripted([{ items: [1, 2], next: 'a' }, { items: [3], next: 'b' }, { items: [4], next: '' }]);
  const pages = await collect(client, { kind: 'cursor', limit: 2 });
  assert.deepEqual(pages.map((p) => p.items), [[1, 2], [3], [4]]);
  assert.deepEqual(queries, [{ limit: 2 }, { limit: 2, start: 'a' }, { limit: 2, start: 'b' }]);
  assert.equal(pages[2]?.next, undefined);
});

test('missing next and null next both end the list', async () => {
  for (const last of [{ items: [1] }, { items: [1], next: null }]) {
    const { client } = scripted([last]);
    assert.equal((await collect(client, { kind: 'cursor' })).length, 1);
  }
});

test('a repeated token is an error, not a loop', async () => {
  const { client } = scripted([{ items: [1], next: 'a' }, { items: [2], next: 'b' }, { items: [3], next: 'a' }]);
  await assert.rejects(collect(client, { kind: 'cursor' }), PaginationLoopError);
});

test('an empty page with a token ends the list', async () => {
  const { client } = scripted([{ items: [], next: 'a' }]);
  assert.equal((await collect(client, { kind: 'cursor' })).length, 1);
});

test('offset pagination advances by the items received and stops on a short page', async () => {
  const { client, queries } = scripted([{ items: [1, 2] }, { items: [3, 4] }, { items: [5] }]);
  const pages = await collect(client, { kind: 'offset', limit: 2 });
  assert.equal(pages.length, 3);
  assert.deepEqual(queries.map((q) => q?.['offset']), ['0', '2', '4']);
});

test('a missing envelope is an error; 404 with onNotFound yields nothing', async () => {
  const { client } = scripted([{ other: [] }]);
  await assert.rejects(collect(client, { kind: 'none' }), /has no 'items' array/);
  let gone = 0;
  const { client: c2 } = scripted([404]);
  assert.equal((await collect(c2, { kind: 'none' }, { onNotFound: () => gone++ })).length, 0);
  assert.equal(gone, 1);
});

test('single: the one object under the envelope is the page, with no paging query; an array there is an error', async () => {
  const usedBy = { segment_id: 7, campaigns: [1, 2], sent_newsletters: [], draft_newsletters: [3] };
  const { client, queries } = scripted([{ used_by: usedBy, next: 'ignored' }]);
  const pages = [];
  for await (const page of paginate({ client, method: 'GET', path: '/segments/7/used_by', envelope: 'used_by', pagination: { kind: 'single' }, tag: 't' })) pages.push(page);
  assert.deepEqual(pages, [{ items: [usedBy], next: undefined }]);
  assert.deepEqual(queries, [{}]);
  const { client: nothing } = scripted([{ used_by: null }, {}]);
  for (let i = 0; i < 2; i++) {
    for await (const page of paginate({ client: nothing, method: 'GET', path: '/x', envelope: 'used_by', pagination: { kind: 'single' }, tag: 't' })) assert.deepEqual(page.items, []);
  }
  const { client: list } = scripted([{ items: [usedBy] }]);
  await assert.rejects(collect(list, { kind: 'single' }), /has no 'items' object/);
});

/** A client whose decoded GETs answer from `raw` in turn, each body its decoder refuses asked for again, as the client does. */
function decodedFrom(raw: string[]): { client: ApiClient; calls: string[] } {
  const calls: string[] = [];
  const get = async <T>(_path: string, options: RequestOptions = {}) => {
    calls.push(`get ${JSON.stringify(options.query)}`);
    return { status: 200 as const, body: undefined as T };
  };
  const getDecoded = async <R>(_path: string, options: RequestOptions, decode: (raw: Buffer) => R | undefined) => {
    for (;;) {
      calls.push(`bytes ${JSON.stringify(options.query)}`);
      const value = decode(Buffer.from(raw.shift() ?? '', 'utf8'));
      if (value !== undefined) return { status: 200 as const, body: value };
    }
  };
  return { client: { get, getDecoded, post: get, requestCounts: new Map(), close: async () => {} } as ApiClient, calls };
}

function encoder(): PageEncoder {
  const schema = { type: 'object', properties: { id: { type: 'integer' } } };
  return new PageEncoder({ stream: 's', schema, plan: objectPlan(schema, { integers: ['id'] }), envelope: 'items', now: () => 1 });
}

test('with an encoder, pages come encoded; a page it gives back is parsed, and a broken body is asked for again', async () => {
  const { client, calls } = decodedFrom(
    ['{"items":[{"id":"1"},{"id":2}],"next":"a"}', '{"items":[\n{"id":3}],"next":"b"}', '{"items":[{"id":4}],"ne', '{"items":[{"id":4}],"next":"c"}', '{"items":[],"next":"d"}'],
  );
  const pages = [];
  for await (const page of paginate({ client, method: 'GET', path: '/x', envelope: 'items', pagination: { kind: 'cursor' }, tag: 't', encoder: encoder() })) pages.push(page);
  assert.deepEqual(pages.map((p) => p.encoded?.bytes.toString().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { record: { data: unknown } }).record.data) ?? p.items), [
    [{ id: 1 }, { id: 2 }], [{ id: 3 }], [{ id: 4 }], [],
  ]);
  assert.deepEqual(pages.map((p) => p.next), ['a', 'b', 'c', undefined]);
  assert.deepEqual(calls, ['bytes {}', 'bytes {"start":"a"}', 'bytes {"start":"b"}', 'bytes {"start":"b"}', 'bytes {"start":"c"}']);
});

test('with an encoder, offset pages count the items of the envelope, kept or not', async () => {
  const { client } = decodedFrom(['{"items":[{"id":1},{"id":2}]}', '{"items":[{"id":3}]}']);
  const pages = [];
  for await (const page of paginate({ client, method: 'GET', path: '/x', envelope: 'items', pagination: { kind: 'offset', limit: 2 }, tag: 't', encoder: encoder() })) pages.push(page);
  assert.deepEqual(pages.map((p) => [p.encoded?.count, p.next]), [[2, '2'], [1, undefined]]);
});
