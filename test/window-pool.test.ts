import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../src/json.js';
import { sliceWindow } from '../src/streams/custom/slices.js';
import { chainsInFlight, readWindowPool, type InFlight, type PoolOptions, type SlicePage, type WindowEvent } from '../src/streams/custom/window-pool.js';
import type { WindowPosition, WindowSlice } from '../src/streams/state/window.js';

/*
 * The pool against an in-memory list served newest first, 10 records a page, whose answers come
 * after a few turns of the event loop chosen by a seeded generator: the order in which chains
 * answer varies, the test does not depend on the clock.
 */
const LIMIT = 10;
const WIDTH = 1000;

interface Served {
  /** Pages asked and not yet answered, now and at most; every page asked, in order. */
  inFlight: number;
  most: number;
  calls: WindowSlice[];
}

/** The first pages of whole windows, and when they were asked (the number of pages asked before). */
const probesOf = (calls: readonly WindowSlice[]) => calls.flatMap((c, at) => (c.next === undefined && c.from === undefined && c.end - c.start === WIDTH - 1 ? [{ start: c.start, at }] : []));

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** `count` records, one every `every` seconds from 0, served newest first. */
function fakeList(count: number, every: number, seed: number, hold?: (slice: WindowSlice) => Promise<void> | undefined) {
  const times = Array.from({ length: count }, (_, i) => i * every);
  const random = seeded(seed);
  const served: Served = { inFlight: 0, most: 0, calls: [] };
  const turns = async () => {
    for (let n = Math.floor(random() * 6); n >= 0; n--) await new Promise<void>((go) => setImmediate(go));
  };
  const read = {
    async *pages(slice: WindowSlice): AsyncGenerator<SlicePage> {
      const inRange = times.filter((t) => t >= slice.start && t <= slice.end).reverse();
      for (let offset = slice.next === undefined ? 0 : Number(slice.next); ;) {
        served.calls.push({ ...slice, ...(offset === 0 ? {} : { next: String(offset) }) });
        served.inFlight++;
        served.most = Math.max(served.most, served.inFlight);
        await (hold?.(slice) ?? turns());
        served.inFlight--;
        const page = inRange.slice(offset, offset + LIMIT);
        const past = slice.from !== undefined && page.some((t) => t < (slice.from as number));
        const kept = page.filter((t) => slice.from === undefined || t >= slice.from);
        offset += LIMIT;
        const next = !past && offset < inRange.length ? String(offset) : undefined;
        yield { records: kept.map((t): JsonObject => ({ id: `m${t}`, created: t })), times: () => page, next };
        if (next === undefined) return;
      }
    },
  };
  return { times, served, read };
}

function options(read: PoolOptions['read'], to: number, extra: Partial<PoolOptions> = {}): PoolOptions {
  return {
    to,
    windowEnd: (start) => Math.min(start + WIDTH - 1, to),
    read,
    split: (window, first) => sliceWindow({ ...window, times: first.times(), limit: LIMIT, next: first.next, latencyMs: 400, requestsPerSecond: 10 }),
    inFlight: () => chainsInFlight(10, 400),
    gone: () => false,
    probes: 2,
    ...extra,
  };
}

async function collect(events: AsyncGenerator<WindowEvent>): Promise<Array<{ ids: string[]; position: WindowPosition | undefined }>> {
  // Per progress event: the records emitted since the one before, and the position.
  const out: Array<{ ids: string[]; position: WindowPosition | undefined }> = [];
  let ids: string[] = [];
  for await (const e of events) {
    if (e.type === 'records') ids.push(...e.data.map((r) => String(r['id'])));
    else {
      out.push({ ids, position: e.position });
      ids = [];
    }
  }
  assert.deepEqual(ids, [], 'the last event is a position');
  return out;
}

test('chains in flight follow rate × latency with a margin, bounded', () => {
  assert.deepEqual(chainsInFlight(10, 400), { target: 8, most: 16 });
  assert.equal(chainsInFlight(10, 0).target, 2);
  assert.equal(chainsInFlight(10, 60_000).target, 24);
});

test('every record once, windows overlapping: the next window is probed while the slices of the one before are read', async () => {
  // 3,000 records over 3 windows: 100 pages each, cut into 5 slices.
  const { times, served, read } = fakeList(3000, 1, 7);
  const steps = await collect(readWindowPool({ start: 0, slices: [] }, options(read, 2999)));
  const ids = steps.flatMap((s) => s.ids);
  assert.equal(ids.length, new Set(ids).size, 'no record twice');
  assert.deepEqual(new Set(ids), new Set(times.map((t) => `m${t}`)));
  const probes = probesOf(served.calls);
  assert.deepEqual(probes.map((p) => p.start), [0, 1000, 2000], 'windows probed in order');
  // The first two together; the third once fewer than 8 chains are left, while the first two windows are still read.
  assert.equal(probes[1]?.at, 1);
  const third = probes[2]?.at ?? Infinity;
  assert.ok(served.calls.slice(third).some((c) => c.end < 2000), 'pages of the first two windows after the third probe');
  assert.equal(steps.at(-1)?.position, undefined);
  // Some position holds the slices of two windows at once.
  const windowsOpen = steps.map((s) => new Set((s.position?.slices ?? []).map((x) => Math.floor(x.start / WIDTH))).size);
  assert.ok(Math.max(...windowsOpen) >= 2);
});

test('requests in flight stay within the pool: target chains and a window of slices, two probes', async () => {
  const { served, read } = fakeList(6000, 1, 11);
  const inFlight: InFlight = { target: 4, most: 6 };
  await collect(readWindowPool({ start: 0, slices: [] }, options(read, 5999, { inFlight: () => inFlight })));
  // `most` chains, and up to two probes beside them.
  assert.ok(served.most <= inFlight.most + 2, `${served.most} pages in flight at once`);
  assert.ok(served.most >= 4, `${served.most} pages in flight at once`);
});

test('a read stopped after any position and resumed from it loses nothing', async () => {
  const { times, read } = fakeList(2500, 1, 3);
  const all = new Set(times.map((t) => `m${t}`));
  const steps = await collect(readWindowPool({ start: 0, slices: [] }, options(read, 2499)));
  // Every tenth position, to keep the test short: each resume is a whole read of what is left.
  for (let k = 0; k < steps.length - 1; k += 10) {
    const position = steps[k]?.position;
    assert.ok(position !== undefined);
    const before = steps.slice(0, k + 1).flatMap((s) => s.ids);
    const saved = JSON.parse(JSON.stringify(position)) as WindowPosition;
    const after = (await collect(readWindowPool({ start: saved.start, slices: saved.slices ?? [] }, options(read, 2499)))).flatMap((s) => s.ids);
    const seen = new Set([...before, ...after]);
    assert.deepEqual([...all].filter((id) => !seen.has(id)), [], `resumed from position ${k}`);
  }
});

test('where the list may be gone, one probe at a time and none after a 404', async () => {
  let gone = false;
  const { served, read } = fakeList(3000, 1, 5);
  const pages = read.pages.bind(read);
  const vanishing = {
    async *pages(slice: WindowSlice): AsyncGenerator<SlicePage> {
      // The second window's first page answers 404: the reader's pages stop, the list is gone.
      if (slice.start === 1000 && slice.next === undefined && slice.from === undefined) {
        gone = true;
        served.calls.push(slice);
        return;
      }
      yield* pages(slice);
    },
  };
  const steps = await collect(readWindowPool({ start: 0, slices: [] }, options(vanishing, 2999, { probes: 1, gone: () => gone })));
  assert.deepEqual(probesOf(served.calls).map((p) => p.start), [0, 1000], 'no window probed after the 404');
  assert.equal(steps.at(-1)?.position, undefined);
});

test('a failure ends the read with its error', async () => {
  const failing = {
    async *pages(): AsyncGenerator<SlicePage> {
      await new Promise<void>((go) => setImmediate(go));
      throw new Error('HTTP 500 three times');
    },
  };
  await assert.rejects(collect(readWindowPool({ start: 0, slices: [] }, options(failing, 2999))), /HTTP 500/);
});

test('the slices of a saved position are read before new windows begin, and a legacy chain too', async () => {
  const { times, served, read } = fakeList(3000, 1, 9);
  const saved: WindowSlice[] = [{ start: 0, end: 499 }, { start: 500, end: 999, next: '20' }];
  const steps = await collect(readWindowPool({ start: 1000, slices: saved }, options(read, 2999)));
  const ids = new Set(steps.flatMap((s) => s.ids));
  const expected = times.filter((t) => t < 500 || (t >= 500 && t <= 979) || t >= 1000).map((t) => `m${t}`);
  assert.deepEqual([...ids].sort(), expected.sort());
  assert.deepEqual(served.calls.slice(0, 2), saved, 'the saved slices first');
});
