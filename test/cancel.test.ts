import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cancellableSleep } from '../src/cancellable-sleep.js';
import { CancelledError } from '../src/errors.js';
import { createLimiter } from '../src/http/limiter.js';
import { mergeConcurrent } from '../src/streams/concurrent.js';
import { PageProgress, ParentProgress } from '../src/streams/plan/progress.js';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('limiter: after the abort, waiting calls reject at once and no task starts', async () => {
  const controller = new AbortController();
  // One request a second: without the abort, the fifth would wait four seconds.
  const limiter = createLimiter(1, (ms) => tick(ms), controller.signal);
  const started: number[] = [];
  const calls = [1, 2, 3, 4, 5].map((n) => limiter.schedule(async () => {
    started.push(n);
    return n;
  }));
  assert.equal(await calls[0], 1);
  controller.abort('SIGTERM');
  // Without the abort the second call would wait for the next slot, a timer a second away: at
  // once means before the event loop's next turn, whatever the machine's speed.
  const settled = Promise.allSettled(calls.slice(1));
  const nextTurn = new Promise<string>((resolve) => setImmediate(() => resolve('waiting')));
  assert.equal(await Promise.race([settled.then(() => 'released'), nextTurn]), 'released', 'waiting calls were not released at once');
  const outcomes = await settled;
  for (const o of outcomes) assert.ok(o.status === 'rejected' && o.reason instanceof CancelledError && /sync cancelled \(SIGTERM\)/.test(o.reason.message));
  await assert.rejects(limiter.schedule(async () => 6), CancelledError);
  await tick(20);
  assert.deepEqual(started, [1]);
  await limiter.stop();
});

test('cancellableSleep ends every pending sleep on abort, and later ones at once', async () => {
  const controller = new AbortController();
  const sleep = cancellableSleep(controller.signal);
  const sleeps = [sleep(60_000), sleep(30_000)];
  controller.abort();
  const ended = Promise.all([...sleeps, sleep(60_000)]).then(() => 'ended');
  // Ended before the event loop's next turn: no timer had to fire.
  assert.equal(await Promise.race([ended, new Promise<string>((resolve) => setImmediate(() => resolve('asleep')))]), 'ended');
});

test('mergeConcurrent: a cancellation waits for the workers in flight and yields what they pushed', async () => {
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const v of mergeConcurrent(['a', 'b', 'c', 'd'], 2, async (input: string, push: (v: string) => Promise<void>) => {
      if (input === 'a') throw new CancelledError();
      // b is mid-page when a is cancelled: its page ends, then its next request is refused.
      await tick(30);
      await push(`${input}1`);
      await push(`${input}2`);
      throw new CancelledError();
    })) seen.push(v);
  }, CancelledError);
  // c and d never start; b's page is complete.
  assert.deepEqual(seen, ['b1', 'b2']);
});

test('mergeConcurrent: any other failure is still thrown as soon as the buffer is empty', async () => {
  let late = false;
  await assert.rejects(async () => {
    for await (const _ of mergeConcurrent([1, 2], 2, async (n: number, push: (v: number) => Promise<void>) => {
      if (n === 1) throw new Error('boom');
      await tick(50);
      late = true;
      await push(n);
    })) assert.fail('nothing to yield');
  }, /boom/);
  assert.equal(late, false);
});

test('ParentProgress saves the parents finished beyond the run from the start', () => {
  const p = new ParentProgress(['1', '2', '3', '4', '5'], undefined);
  p.finish('3');
  p.finish('1');
  p.finish('5');
  assert.deepEqual(p.toState(), { completed_through: '1', completed_ahead: ['3', '5'] });
  p.finish('2');
  assert.deepEqual(p.toState(), { completed_through: '3', completed_ahead: ['5'] });
});

test('PageProgress: done people in page order, positions of unfinished ones, read back from its state', () => {
  const ids = ['p9', 'p2', 'p7', 'p4'];
  const first = new PageProgress(ids, undefined);
  first.finish('p9');
  first.moved('p2', { next: 't2' });
  first.finish('p7');
  const saved = first.toState();
  assert.deepEqual(saved, { completed_through: 'p9', completed_ahead: ['p7'], pending: { p2: { next: 't2' } } });
  const again = new PageProgress(ids, saved);
  assert.deepEqual(ids.filter((id) => again.isDone(id)), ['p9', 'p7']);
  assert.deepEqual(again.resumeAt('p2'), { next: 't2' });
  assert.equal(again.resumeAt('p4'), undefined);
  again.finish('p2');
  assert.deepEqual(again.toState(), { completed_through: 'p7' });
  // A person no longer in the page cannot anchor the run from the start: the page is read again.
  assert.deepEqual(ids.filter((id) => new PageProgress(ids, { completed_through: 'gone' }).isDone(id)), []);
});
