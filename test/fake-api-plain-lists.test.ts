// The fake's plain lists (Design Studio emails, components, folders and assets) over real HTTP:
// page/limit paging, the end of a list, time filters, bad values, the request log, and latency.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  DESIGN_STUDIO_PATHS,
  findPlainList,
  generateDataset,
  presentPlain,
  startFakeApi,
  type FakeApi,
  type PlainItem,
  type PlainList,
} from '../fake-api/index.js';

const KEY = 'test-key';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = 1_790_000_000;

type Json = Record<string, unknown>;

interface Answer {
  status: number;
  body: Json;
}

async function get(api: FakeApi, path: string, query: Record<string, string | number> = {}): Promise<Answer> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const text = params.toString();
  const res = await fetch(`${api.url}${path}${text ? `?${text}` : ''}`, { headers: { authorization: `Bearer ${KEY}` } });
  return { status: res.status, body: (await res.json()) as Json };
}

interface Pagination {
  page: number;
  limit: number;
  total: number;
}

const paginationOf = (body: Json): Pagination => (body['meta'] as { pagination: Pagination }).pagination;
const filtersOf = (body: Json): Json => (body['meta'] as { filters: Json }).filters;

/** Reads page 1, 2, ... until a short page (the only end-of-list signal); checks meta on each page. */
async function pageThrough(api: FakeApi, list: PlainList, limit: number, query: Record<string, string | number> = {}): Promise<{ items: Json[]; pages: number; total: number }> {
  const items: Json[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const answer = await get(api, list.path, { ...query, page, limit });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const got = answer.body[list.envelope] as Json[];
    const meta = paginationOf(answer.body);
    assert.deepEqual([meta.page, meta.limit], [page, limit]);
    if (total === -1) total = meta.total;
    assert.equal(meta.total, total, 'total stays the same on every page');
    assert.ok(got.length <= limit);
    items.push(...got);
    if (got.length < limit) return { items, pages: page, total };
    assert.ok(page < 1000, 'paging does not end');
  }
}

const LISTS = Object.values(DESIGN_STUDIO_PATHS);
const TIME_FILTERED = [DESIGN_STUDIO_PATHS.emails, DESIGN_STUDIO_PATHS.components, DESIGN_STUDIO_PATHS.folders];

function listAt(api: FakeApi, path: string): PlainList {
  const list = findPlainList(api.dataset, path);
  assert.ok(list, path);
  return list;
}

/** The stored items in the default order (created ascending where the list sorts), as served. */
function expected(api: FakeApi, list: PlainList, keep: (item: PlainItem) => boolean = () => true): Json[] {
  const items = list.items.filter(keep);
  const ordered = list.sort ? [...items].sort((a, b) => Number(a['created']) - Number(b['created'])) : items;
  return ordered.map((item) => presentPlain(api.dataset.seed, list, item));
}

describe('plain lists over HTTP', () => {
  let api: FakeApi;
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'tiny', seed: 1, now: NOW } });
  });
  after(() => api.close());

  test('tiny sizes: 7 emails, 5 components, 3 folders, 4 assets', () => {
    const counts = LISTS.map((path) => listAt(api, path).items.length);
    assert.deepEqual(counts, [7, 5, 3, 4]);
  });

  for (const path of LISTS) {
    test(`${path}: pages of 2 join to the whole list, no item twice, a short page ends it`, async () => {
      const list = listAt(api, path);
      const { items, pages, total } = await pageThrough(api, list, 2);
      assert.equal(total, list.items.length);
      assert.deepEqual(items, expected(api, list));
      assert.equal(new Set(items.map((i) => i['id'])).size, items.length);
      // With an exact multiple, the page after the last full one is empty.
      assert.equal(pages, Math.floor(total / 2) + 1);
    });
  }

  test('a page past the end is an empty 200 with the same total', async () => {
    const list = listAt(api, DESIGN_STUDIO_PATHS.components);
    const answer = await get(api, list.path, { page: 40, limit: 5 });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body[list.envelope], []);
    assert.deepEqual(paginationOf(answer.body), { page: 40, limit: 5, total: list.items.length });
  });

  test('defaults: page 1, limit 1000; a limit over 10000 is clamped and echoed', async () => {
    const path = DESIGN_STUDIO_PATHS.folders;
    assert.deepEqual(paginationOf((await get(api, path)).body), { page: 1, limit: 1000, total: 3 });
    assert.equal(paginationOf((await get(api, path, { limit: 20000 })).body).limit, 10000);
  });

  for (const path of TIME_FILTERED) {
    test(`${path}: updated_after keeps items updated strictly after it, echoed in meta.filters`, async () => {
      const list = listAt(api, path);
      const times = list.items.map((i) => Number(i['updated'])).sort((a, b) => a - b);
      const cut = times[Math.floor(times.length / 2) - 1] as number;
      const { items, total } = await pageThrough(api, list, 2, { updated_after: cut });
      const want = expected(api, list, (i) => Number(i['updated']) > cut);
      assert.deepEqual(items, want);
      assert.equal(total, want.length);
      assert.ok(want.length > 0 && want.length < list.items.length, 'some items fall outside the filter');
      const filters = filtersOf((await get(api, path, { updated_after: cut })).body);
      assert.equal(filters['updated_after'], cut);
      assert.equal(filters['created_after'], null);
      assert.equal(filters['sort_by'], 'created');
    });
  }

  test('updated_after is strict: two items share an updated time and a filter at it drops both', async () => {
    const list = listAt(api, DESIGN_STUDIO_PATHS.emails);
    const shared = Number(list.items[0]?.['updated']);
    assert.equal(list.items[1]?.['updated'], shared);
    const ids = ((await get(api, list.path, { updated_after: shared })).body['emails'] as Json[]).map((e) => e['id']);
    assert.ok(!ids.includes(list.items[0]?.['id'] ?? '') && !ids.includes(list.items[1]?.['id'] ?? ''));
  });

  test('created_after and sort_by=updated&sort_order=desc', async () => {
    const list = listAt(api, DESIGN_STUDIO_PATHS.emails);
    const cut = Math.min(...list.items.map((i) => Number(i['created'])));
    const answer = await get(api, list.path, { created_after: cut, sort_by: 'updated', sort_order: 'desc' });
    const emails = answer.body['emails'] as Json[];
    assert.equal(emails.length, list.items.length - 1);
    const updated = emails.map((e) => Number(e['updated']));
    assert.deepEqual(updated, [...updated].sort((a, b) => b - a));
  });

  test('assets honour no time filter and echo none', async () => {
    const list = listAt(api, DESIGN_STUDIO_PATHS.assets);
    const answer = await get(api, list.path, { updated_after: NOW });
    assert.equal((answer.body['assets'] as Json[]).length, list.items.length);
    assert.deepEqual(filtersOf(answer.body), {});
  });

  test('emails and components come with the folders they sit in', async () => {
    const folders = listAt(api, DESIGN_STUDIO_PATHS.folders);
    for (const path of [DESIGN_STUDIO_PATHS.emails, DESIGN_STUDIO_PATHS.components]) {
      const list = listAt(api, path);
      const body = (await get(api, path, { limit: 3 })).body;
      const page = body[list.envelope] as Json[];
      const stored = page.map((p) => list.items.find((i) => i['id'] === p['id']));
      const wanted = new Set(stored.map((i) => i?.['parent_folder_id']).filter((id) => typeof id === 'string'));
      const served = (body['folders'] as Json[]).map((f) => f['id']);
      assert.deepEqual(new Set(served), wanted, path);
      assert.ok(served.every((id) => folders.items.some((f) => f['id'] === id)));
    }
  });

  test('bad page, limit, time and sort values are 400 with the errors envelope', async () => {
    const path = DESIGN_STUDIO_PATHS.emails;
    const bad: Record<string, string>[] = [
      { limit: '0' },
      { limit: '-3' },
      { limit: 'ten' },
      { page: '0' },
      { page: '1.5' },
      { updated_after: 'yesterday' },
      { sort_by: 'size' },
      { sort_order: 'up' },
    ];
    for (const query of bad) {
      const answer = await get(api, path, query);
      assert.equal(answer.status, 400, JSON.stringify(query));
      assert.equal((answer.body['errors'] as Json[])[0]?.['status'], '400');
    }
    assert.equal((await get(api, DESIGN_STUDIO_PATHS.assets, { limit: '0' })).status, 400);
  });

  test('every page is one request in the log, with its query', async () => {
    api.clearLog();
    const list = listAt(api, DESIGN_STUDIO_PATHS.emails);
    const { pages } = await pageThrough(api, list, 3);
    await get(api, DESIGN_STUDIO_PATHS.assets, { limit: 'x' });
    const emails = api.requests.filter((r) => r.path === list.path);
    assert.equal(emails.length, pages);
    assert.deepEqual(emails.map((r) => r.query['page']), Array.from({ length: pages }, (_, i) => String(i + 1)));
    assert.ok(emails.every((r) => r.method === 'GET' && r.status === 200 && r.query['limit'] === '3'));
    assert.deepEqual(api.requests.filter((r) => r.path === DESIGN_STUDIO_PATHS.assets).map((r) => r.status), [400]);
  });

  test('a key is still required, and other methods are 404', async () => {
    const res = await fetch(api.url + DESIGN_STUDIO_PATHS.folders);
    assert.equal(res.status, 401);
    const post = await fetch(api.url + DESIGN_STUDIO_PATHS.folders, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(post.status, 404);
  });

  test('a list added to the dataset is served with no route of its own', async () => {
    api.dataset.plainLists.push({
      path: '/v1/widgets',
      envelope: 'widgets',
      items: [{ id: 1, updated: 10 }, { id: 2, updated: 20 }, { id: 3, updated: 30 }],
      pagination: { kind: 'page', firstPage: 0, defaultLimit: 2, maxLimit: 2 },
      filters: [{ param: 'updated_after', field: 'updated', keep: 'after' }],
      quirks: {},
    });
    const first = await get(api, '/v1/widgets/');
    assert.deepEqual(paginationOf(first.body), { page: 0, limit: 2, total: 3 });
    const later = await get(api, '/v1/widgets', { page: 0, updated_after: 15 });
    assert.deepEqual((later.body['widgets'] as Json[]).map((w) => w['id']), [2, 3]);
  });
});

test('the lists are as uneven as the API: short ids, root items, missing and undeclared fields', () => {
  const lists = [1, 2, 3].flatMap((seed) => generateDataset({ seed, now: NOW, size: 'tiny' }).plainLists.map((list) => ({ seed, list })));
  const served = lists.flatMap(({ seed, list }) => list.items.map((item) => ({ list, item, out: presentPlain(seed, list, item) })));
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const designStudio = served.filter(({ list }) => list.path !== DESIGN_STUDIO_PATHS.assets);
  assert.ok(designStudio.some(({ out }) => typeof out['id'] === 'string' && !uuid.test(out['id'])), 'a non-UUID id');
  assert.ok(designStudio.every(({ out }) => typeof out['id'] === 'string'));
  assert.ok(served.filter(({ list }) => list.path === DESIGN_STUDIO_PATHS.assets).every(({ out }) => Number.isInteger(out['id'])));
  assert.ok(served.some(({ out }) => out['parent_folder_id'] === null), 'an item at the root');
  for (const path of LISTS) {
    const mine = served.filter(({ list }) => list.path === path);
    assert.ok(mine.some(({ item, out }) => Object.keys(item).some((k) => !(k in out))), `${path}: an item without an optional field`);
    assert.ok(mine.some(({ item, out }) => Object.keys(out).some((k) => !(k in item))), `${path}: an item with an undeclared field`);
  }
});

test('latencyMs asks the injected sleep for that delay on every answer, errors included', async () => {
  const asked: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    asked.push(ms);
    return Promise.resolve();
  };
  const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, latencyMs: 250, sleep, datasetOptions: { size: 'tiny', now: NOW } });
  try {
    assert.equal((await get(api, DESIGN_STUDIO_PATHS.assets)).status, 200);
    assert.equal((await get(api, '/v1/nowhere')).status, 404);
    assert.deepEqual(asked, [250, 250]);
  } finally {
    await api.close();
  }
  const quiet = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, sleep, datasetOptions: { size: 'tiny', now: NOW } });
  try {
    await get(quiet, DESIGN_STUDIO_PATHS.assets);
    assert.equal(asked.length, 2, 'no latency, no sleep');
  } finally {
    await quiet.close();
  }
});

test('main.ts takes --latency MS and refuses a value that is not a whole number', async () => {
  const run = (latency: string) => spawn(process.execPath, ['--import', 'tsx', 'fake-api/main.ts', '--size', 'tiny', '--latency', latency], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const bad = run('soon');
  const [code] = (await once(bad, 'exit')) as [number | null];
  assert.equal(code, 2);

  const good = run('1');
  try {
    const [line] = (await once(good.stdout, 'data')) as [Buffer];
    const { url, key } = JSON.parse(line.toString()) as { url: string; key: string };
    const res = await fetch(`${url}${DESIGN_STUDIO_PATHS.folders}?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { folders: Json[] }).folders.length, 1);
  } finally {
    good.kill('SIGTERM');
    await once(good, 'exit');
  }
});
