import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainsForLatency, keptOfPage, MAX_SLICES, sliceWindow, type FirstPage } from '../src/streams/custom/slices.js';

const DAY = 86_400;
/** A first page of 1000 records, newest first, covering the newest `days` of a 180-day window. */
function firstPage(days: number, latencyMs: number, overrides: Partial<FirstPage> = {}): FirstPage {
  const start = 1_000_000_000;
  const end = start + 180 * DAY - 1;
  const times = Array.from({ length: 1000 }, (_, i) => end - Math.floor((i * days * DAY) / 1000));
  return { start, end, times, limit: 1000, next: 'tok', latencyMs, requestsPerSecond: 10, ...overrides };
}

test('chains follow the rate and the round trip: 10 a second at 400 ms needs 5', () => {
  assert.equal(chainsForLatency(10, 400), 5);
  assert.equal(chainsForLatency(10, 5), 1);
  assert.equal(chainsForLatency(10, 0), 1);
});

test('a window that fits a page, fast answers, a sparse window or pages not newest first are read as one chain', () => {
  assert.deepEqual(sliceWindow(firstPage(1, 400, { next: undefined })), []);
  const one = [{ start: 1_000_000_000, end: 1_000_000_000 + 180 * DAY - 1, next: 'tok' }];
  assert.deepEqual(sliceWindow(firstPage(1, 1)), one, 'fast answers');
  assert.deepEqual(sliceWindow(firstPage(90, 400)), one, 'about two pages left');
  const oldestFirst = firstPage(1, 400);
  assert.deepEqual(sliceWindow({ ...oldestFirst, times: [...oldestFirst.times].reverse() }), one, 'not newest first');
});

test('a dense window at 400 ms is cut into slices that tile it, the first chain keeping the newest', () => {
  const page = firstPage(1, 400);
  const slices = sliceWindow(page);
  assert.equal(slices.length, 5);
  const [going, ...fresh] = slices;
  assert.deepEqual({ start: going?.start, end: going?.end, next: going?.next }, { start: page.start, end: page.end, next: 'tok' });
  // Fresh slices from the window's start up to the first chain's `from`, without gap or overlap.
  let at = page.start;
  for (const s of fresh) {
    assert.equal(s.start, at);
    assert.equal(s.next, undefined);
    at = s.end + 1;
  }
  assert.equal(at, going?.from);
  assert.ok((going?.from as number) <= (page.times.at(-1) as number));
  // Never more than the bound, however slow the answers.
  assert.equal(sliceWindow(firstPage(0.1, 60_000)).length, MAX_SLICES);
});

test('the first chain keeps what is at or after its `from`, and is done once a page reaches below it', () => {
  const slice = { start: 0, end: 100, next: 't', from: 50 };
  const page = [{ created: 70 }, { created: 50 }, { created: 49 }, { id: 'no time' }];
  assert.deepEqual(keptOfPage(slice, page, 'created'), { kept: [{ created: 70 }, { created: 50 }, { id: 'no time' }], past: true });
  assert.deepEqual(keptOfPage(slice, [{ created: 60 }], 'created'), { kept: [{ created: 60 }], past: false });
  assert.deepEqual(keptOfPage({ start: 0, end: 100 }, page, 'created').past, false);
});
