import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, RequestOptions } from '../src/http/client.js';
import { paginate, PaginationLoopError } from '../src/streams/paginate.js';
import type { Pagination } from '../src/streams/types.js';

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

test('numbered pages count from the first page number and stop on a short page', async () => {
  const { client, queries } = scripted([{ items: [1, 2] }, { items: [3, 4] }, { items: [5] }]);
  const pages = await collect(client, { kind: 'page', limit: 2, first: 1 });
  assert.deepEqual(pages.map((p) => [p.items, p.next]), [[[1, 2], '2'], [[3, 4], '3'], [[5], undefined]]);
  assert.deepEqual(queries, [{ limit: 2, page: '1' }, { limit: 2, page: '2' }, { limit: 2, page: '3' }]);
  // A resumed read asks for the page it saved; an empty page ends the list.
  const { client: resumed, queries: asked } = scripted([{ items: [] }]);
  for await (const page of paginate({ client: resumed, method: 'GET', path: '/x', envelope: 'items', pagination: { kind: 'page', limit: 2, first: 1 }, tag: 't', startAt: '7' })) assert.equal(page.next, undefined);
  assert.deepEqual(asked, [{ limit: 2, page: '7' }]);
});
