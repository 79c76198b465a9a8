import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConcurrent } from '../src/streams/concurrent.js';
import { ParentProgress } from '../src/streams/plan/progress.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('mergeConcurrent yields everything, never runs more than the limit at once', async () => {
  let running = 0;
  let peak = 0;
  const out: number[] = [];
  for await (const v of mergeConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n: number, push: (v: number) => Promise<void>) => {
    running++;
    peak = Math.max(peak, running);
    await tick(5 * (8 - n));
    await push(n * 10);
    await push(n * 10 + 1);
    running--;
  })) out.push(v);
  assert.equal(peak, 3);
  assert.deepEqual(out.sort((a, b) => a - b), [10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61, 70, 71]);
});

test('mergeConcurrent keeps each worker\'s own order and surfaces the first failure', async () => {
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const v of mergeConcurrent([1, 2], 2, async (n: number, push: (v: number) => Promise<void>) => {
      if (n === 2) {
        await tick(5);
        throw new Error('boom');
      }
      for (let i = 0; i < 3; i++) await push(i);
    })) seen.push(v);
  }, /boom/);
  assert.deepEqual(seen, [0, 1, 2]);
});

test('mergeConcurrent makes producers wait while the buffer is full', async () => {
  let pushed = 0;
  const iterator = mergeConcurrent([1], 1, async (_: number, push: (v: number) => Promise<void>) => {
    for (let i = 0; i < 100; i++) {
      await push(i);
      pushed++;
    }
  }, 10)[Symbol.asyncIterator]();
  await iterator.next();
  await tick(20);
  assert.ok(pushed <= 11, `producer ran ahead: ${pushed}`);
  for (let r = await iterator.next(); !r.done; r = await iterator.next());
  assert.equal(pushed, 100);
});

test('ParentProgress only advances over a contiguous prefix of finished parents', () => {
  const p = new ParentProgress(['1', '2', '3', '4'], undefined);
  p.finish('2');
  assert.equal(p.through, undefined);
  p.finish('1');
  assert.equal(p.through, '2');
  p.finish('4');
  assert.equal(p.through, '2');
  p.finish('3');
  assert.equal(p.through, '4');
});
