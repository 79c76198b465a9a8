// Calls to the fake Customer.io App API as a client sees them, shared by the fake-api-*.test.ts files.
import assert from 'node:assert/strict';
import type { FakeApi } from '../../fake-api/index.js';

export const KEY = 'test-key';
export const NOW = 1_750_000_000;
export const DAY = 86_400;

export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

export async function call(api: FakeApi, path: string, init: { key?: string | null; method?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const key = init.key === undefined ? KEY : init.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(api.url + path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Follows `next` until it is empty; returns every item under `key`. */
export async function collect(
  api: FakeApi,
  path: string,
  key: string,
  query: Record<string, string | number | undefined> = {},
  post?: unknown,
): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let start: string | undefined;
  let pages = 0;
  do {
    const answer = await call(api, withQuery(path, { ...query, start }), post === undefined ? {} : { method: 'POST', body: post });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    items.push(...(answer.body[key] as Json[]));
    start = answer.body['next'] as string;
    assert.equal(typeof start, 'string');
    pages++;
    assert.ok(pages < 10_000, 'pagination does not end');
  } while (start);
  return { items, pages };
}

export function errorDetail(body: Json): string {
  const errors = body['errors'] as { detail: string; status: string }[];
  assert.ok(Array.isArray(errors) && errors.length === 1);
  return (errors[0] as { detail: string }).detail;
}
