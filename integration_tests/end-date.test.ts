import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { lastStates, pkOf, records, ROOT, runConnector, states, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';

/*
 * end_date: incremental and windowed reads keep nothing after it, their state stops at it, and
 * slices of history add up to one read of the whole. Every bound is derived from the fake
 * dataset's own clock, so the test holds on any date.
 */
const KEY = 'sk-end-date-4d3c2b1a';
const DAY = 86_400;
const catalogJson = JSON.parse(readFileSync(path.join(ROOT, 'integration_tests', 'configured_catalog_incremental.json'), 'utf8')) as Json;
const configured = catalogJson['streams'] as Json[];
const nameOf = (s: Json) => (s['stream'] as Json)['name'] as string;
const cursorOf = (s: Json) => (s['cursor_field'] as string[])[0] as string;
const iso = (unix: number) => new Date(unix * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

/** Every number under a cursor-named key anywhere in a state (stream cursors and per-parent cursors alike). */
function cursorValues(state: unknown, fields: ReadonlySet<string>): number[] {
  if (Array.isArray(state)) return state.flatMap((v) => cursorValues(v, fields));
  if (typeof state !== 'object' || state === null) return [];
  return Object.entries(state).flatMap(([k, v]) => (fields.has(k) && typeof v === 'number' ? [v] : cursorValues(v, fields)));
}

describe('end_date: slices of history', () => {
  let api: FakeApi;
  let dir: string;
  let start: number;
  let mid: number;
  let whole: RunResult;
  let first: RunResult;
  let continued: RunResult;
  let second: RunResult;

  const read = async (config: Json, state?: Json[]) => {
    const file = writeJson(dir, `config-${Math.random().toString(36).slice(2)}.json`, { app_api_key: KEY, base_url: api.url, ...config });
    const args = ['read', '--config', file, '--catalog', writeJson(dir, 'catalog.json', catalogJson)];
    if (state) args.push('--state', writeJson(dir, `state-${Math.random().toString(36).slice(2)}.json`, state));
    const run = await runConnector(args, { timeoutMs: 300_000 });
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    return run;
  };

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 29 } });
    dir = tempDir();
    const now = api.dataset.now;
    // Older than every record of the fake; the middle splits the activities (30 days) and the deliveries (200 days).
    start = now - 420 * DAY;
    mid = now - 12 * DAY;
    [whole, first] = await Promise.all([read({ start_date: iso(start) }), read({ start_date: iso(start), end_date: iso(mid) })]);
    [continued, second] = await Promise.all([
      // The next slice as an incremental sync does it: from the first slice's state, up to now.
      read({ start_date: iso(start) }, lastStates(first.messages)),
      // The next slice by config alone.
      read({ start_date: iso(mid), end_date: iso(now + DAY) }),
    ]);
  });
  after(async () => api.close());

  test('nothing after end_date: every record of every incremental stream has its cursor at or before it', () => {
    for (const s of configured) {
      const cursor = cursorOf(s);
      for (const r of records(first.messages, nameOf(s))) {
        const v = r[cursor];
        assert.ok(typeof v !== 'number' || v <= mid, `${nameOf(s)}: ${cursor} ${String(v)} > end_date ${mid}`);
      }
    }
    // The bound did cut: these streams have records on both sides of it.
    for (const name of ['activities', 'messages', 'campaign_messages', 'customer_messages']) {
      assert.ok(records(first.messages, name).length > 0, `${name}: nothing before end_date`);
      assert.ok(records(first.messages, name).length < records(whole.messages, name).length, `${name}: nothing after end_date`);
    }
  });

  test('state never moves past end_date, in any checkpoint of any stream', () => {
    const fields = new Set(configured.map(cursorOf));
    for (const s of configured) {
      const all = states(first.messages, nameOf(s));
      assert.ok(all.length > 0, nameOf(s));
      for (const st of all) for (const v of cursorValues((st['stream'] as Json)['stream_state'], fields)) assert.ok(v <= mid, `${nameOf(s)}: state ${v} > end_date ${mid}`);
    }
    // Windowed streams have read everything up to end_date: their cursor is end_date itself.
    for (const name of ['messages', 'campaign_messages', 'customer_messages']) {
      const last = lastStates(first.messages).find((m) => ((m['stream'] as Json)['stream_descriptor'] as Json)['name'] === name)!;
      assert.equal(((last['stream'] as Json)['stream_state'] as Json)['created'], mid, name);
    }
  });

  const keysOf = (run: RunResult, s: Json) => new Set(records(run.messages, nameOf(s)).map((r) => pkOf(r, s['primary_key'] as string[][])));
  const union = (a: Set<string>, b: Set<string>) => [...new Set([...a, ...b])].sort();

  test('[start, end_date] then an incremental sync from its state equals one read of the whole, by primary key', () => {
    for (const s of configured) assert.deepEqual(union(keysOf(first, s), keysOf(continued, s)), [...keysOf(whole, s)].sort(), nameOf(s));
  });

  test('[start, mid] then [mid, later] by start_date and end_date equals one read of the whole, by primary key', () => {
    for (const s of configured) assert.deepEqual(union(keysOf(first, s), keysOf(second, s)), [...keysOf(whole, s)].sort(), nameOf(s));
  });

  test('the incremental continuation starts where the first slice stopped, less the lookbacks', () => {
    const lookback = (s: Json) => (cursorOf(s) === 'created' ? 30 * DAY : 3600);
    const saved = new Map(lastStates(first.messages).map((m) => [((m['stream'] as Json)['stream_descriptor'] as Json)['name'] as string, (m['stream'] as Json)['stream_state'] as Json]));
    for (const s of configured) {
      const cursor = cursorOf(s);
      const from = saved.get(nameOf(s))?.[cursor];
      // Streams with a cursor per parent (the actions) have no stream-wide one to check against.
      if (typeof from !== 'number') continue;
      for (const r of records(continued.messages, nameOf(s))) {
        const v = r[cursor];
        assert.ok(typeof v !== 'number' || v >= from - lookback(s), `${nameOf(s)}: ${cursor} ${String(v)} before ${from} less the lookback`);
      }
    }
  });
});
