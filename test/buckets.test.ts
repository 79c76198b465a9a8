import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v1BucketStarts, v2Range } from '../src/streams/custom/buckets.js';
import { bucketColumns, seriesOf } from '../src/streams/custom/series.js';

const at = (iso: string) => Date.parse(iso) / 1000;

test('v1 day buckets start at midnight US Eastern, oldest first, the last holding now', () => {
  // 2026-11-23 15:00 UTC is 10:00 EST (UTC-5).
  assert.deepEqual(v1BucketStarts('days', 3, at('2026-11-23T15:00:00Z')), ['2026-11-21T05:00:00Z', '2026-11-22T05:00:00Z', '2026-11-23T05:00:00Z']);
  // 03:00 UTC is still the previous day in New York.
  assert.deepEqual(v1BucketStarts('days', 1, at('2026-11-23T03:00:00Z')), ['2026-11-22T05:00:00Z']);
});

test('v1 buckets follow daylight saving time', () => {
  // Summer: EDT is UTC-4.
  assert.deepEqual(v1BucketStarts('days', 1, at('2026-07-01T12:00:00Z')), ['2026-07-01T04:00:00Z']);
  // Across the November 1 change, each day still starts at local midnight.
  assert.deepEqual(v1BucketStarts('days', 3, at('2026-11-02T12:00:00Z')), ['2026-10-31T04:00:00Z', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z']);
});

test('weeks start on Sunday, months on the 1st, hours on the hour', () => {
  // 2026-11-25 is a Wednesday.
  assert.deepEqual(v1BucketStarts('weeks', 2, at('2026-11-25T15:00:00Z')), ['2026-11-15T05:00:00Z', '2026-11-22T05:00:00Z']);
  assert.deepEqual(v1BucketStarts('months', 2, at('2026-11-25T15:00:00Z')), ['2026-10-01T04:00:00Z', '2026-11-01T04:00:00Z']);
  assert.deepEqual(v1BucketStarts('hours', 2, at('2026-11-25T15:30:00Z')), ['2026-11-25T14:00:00Z', '2026-11-25T15:00:00Z']);
});

test('v2 ranges are UTC-aligned', () => {
  const r = v2Range('days', 2, at('2026-11-23T15:00:00Z'));
  assert.deepEqual(r.starts, ['2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z']);
  assert.equal(r.start, at('2026-11-22T00:00:00Z'));
});

test('both metric response shapes give the same series; unknown series are kept', () => {
  const spec = seriesOf({ metric: { series: { sent: [1, 2], brand_new: [3, 4] } } });
  const list = seriesOf({ series: { series: [{ sent: 1, brand_new: 3 }, { sent: 2, brand_new: 4 }] } });
  assert.deepEqual(spec, list);
  assert.deepEqual(bucketColumns(spec, 1), { sent: 2, extra_series: { brand_new: 4 } });
});
