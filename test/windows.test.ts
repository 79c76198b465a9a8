import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, RequestOptions } from '../src/http/client.js';
import { parseConfig } from '../src/config.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { DEFAULT_HISTORY_SECONDS, readWindows, windowRange } from '../src/streams/custom/windows.js';
import { loadStreamSchema } from '../src/catalog.js';
import { RecordBuilders } from '../src/streams/records.js';
import type { ReadContext, WindowStream } from '../src/streams/types.js';

function recordingClient(): { client: ApiClient; queries: Array<NonNullable<RequestOptions['query']>> } {
  const queries: Array<NonNullable<RequestOptions['query']>> = [];
  const get = async <T>(_path: string, options: RequestOptions = {}) => {
    queries.push(options.query ?? {});
    return { status: 200 as const, body: { messages: [] } as T };
  };
  return { client: { get, post: get, requestCounts: new Map(), latencyMs: () => 0, close: async () => {} } as ApiClient, queries };
}

const messages = STREAMS_BY_NAME.get('messages') as WindowStream;
const WINDOW_SECONDS = messages.windowDays * 86_400;

function contextOf(extra: object, client: ApiClient = recordingClient().client): ReadContext {
  const config = parseConfig({ app_api_key: 'k', ...extra });
  return { config, client, syncStartedAt: to, now: () => to * 1000, records: new RecordBuilders(loadStreamSchema, config) };
}
const to = 1_790_000_000;

test('windows tile [from, to] without gap or overlap, none longer than the API allows', async () => {
  const { client, queries } = recordingClient();
  const ctx = contextOf({}, client);
  const range = windowRange(ctx, { def: messages, syncMode: 'full_refresh', state: undefined });
  assert.equal(range.from, to - DEFAULT_HISTORY_SECONDS);
  for await (const _ of readWindows(ctx, messages, '/messages', range, undefined, undefined)) void _;
  assert.equal(queries.length, 2);
  let expectedStart = range.from;
  for (const q of queries) {
    assert.equal(q['start_ts'], expectedStart);
    assert.ok((q['end_ts'] as number) - (q['start_ts'] as number) < WINDOW_SECONDS);
    expectedStart = (q['end_ts'] as number) + 1;
  }
  assert.equal(queries.at(-1)?.['end_ts'], to);
});

test('an incremental read restarts messages_lookback_days before the saved cursor, never before start_date', () => {
  const ctx = (extra: object): ReadContext => contextOf(extra);
  const run = { def: messages, syncMode: 'incremental' as const, state: { created: to - 1000 } };
  assert.equal(windowRange(ctx({}), run).from, to - 1000 - 30 * 86_400);
  assert.equal(windowRange(ctx({ messages_lookback_days: 0 }), run).from, to - 1000);
  assert.equal(windowRange(ctx({ start_date: new Date((to - 500) * 1000).toISOString() }), run).from, to - 500);
});

test('end_date ends the windows before the sync start; the default history still counts back from the sync', () => {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const ctx = (extra: object): ReadContext => contextOf(extra);
  const run = { def: messages, syncMode: 'full_refresh' as const, state: undefined };
  assert.deepEqual(windowRange(ctx({ end_date: iso(to - 86_400) }), run), { from: to - DEFAULT_HISTORY_SECONDS, to: to - 86_400, saved: undefined });
  // An end_date after the sync start changes nothing.
  assert.equal(windowRange(ctx({ end_date: iso(to + 86_400) }), run).to, to);
  // Older than what the API retains: nothing to read.
  const old = windowRange(ctx({ end_date: iso(to - DEFAULT_HISTORY_SECONDS - 10) }), run);
  assert.ok(old.from > old.to);
});
