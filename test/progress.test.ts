import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { parseConfiguredCatalog } from '../src/catalog.js';
import { formatProgress, PROGRESS_INTERVAL_MS, realEvery, startProgress, type Every } from '../src/progress.js';
import { MessageWriter } from '../src/protocol/output.js';
import { read } from '../src/source.js';
import { UNPACED_RPS } from './helpers/connector.js';
import { startTestApi } from './helpers/fake.js';

/** A timer the test fires by hand, and the intervals it was started with. */
function manualTimer(): { every: Every; fire: () => void; intervals: number[]; stopped: () => boolean } {
  let tick: (() => void) | undefined;
  let stopped = false;
  const intervals: number[] = [];
  return {
    every: (ms, fn) => {
      intervals.push(ms);
      tick = fn;
      return () => { stopped = true; };
    },
    fire: () => tick?.(),
    intervals,
    stopped: () => stopped,
  };
}

test('a line per running stream at each tick: records, requests, elapsed time and rates', () => {
  const timer = manualTimer();
  let now = 1_000_000;
  const counts = { activities: { records: 0, requests: 0 }, customers: { records: 0, requests: 0 } };
  let running = ['activities', 'customers'] as Array<keyof typeof counts>;
  const lines: string[] = [];
  const stop = startProgress({
    every: timer.every,
    now: () => now,
    startedAt: now,
    running: () => running.map((stream) => ({ stream, ...counts[stream] })),
    log: (m) => lines.push(m),
  });
  assert.deepEqual(timer.intervals, [PROGRESS_INTERVAL_MS]);
  assert.equal(PROGRESS_INTERVAL_MS, 30_000);
  assert.deepEqual(lines, [], 'nothing before the first tick');

  now += 30_000;
  counts.activities = { records: 4500, requests: 45 };
  counts.customers = { records: 1000, requests: 1 };
  timer.fire();
  assert.deepEqual(lines, [
    'activities: 4500 records and 45 requests so far, in 30 s (150.0 records/s, 1.5 requests/s).',
    'customers: 1000 records and 1 requests so far, in 30 s (33.3 records/s, 0.0 requests/s).',
  ]);

  // A stream that finished is no longer reported.
  lines.length = 0;
  now += 30_000;
  running = ['activities'];
  counts.activities = { records: 9000, requests: 90 };
  timer.fire();
  assert.deepEqual(lines, ['activities: 9000 records and 90 requests so far, in 60 s (150.0 records/s, 1.5 requests/s).']);
  stop();
  assert.ok(timer.stopped());
});

test('no rate is invented at zero elapsed time', () => {
  assert.equal(formatProgress({ stream: 's', records: 5, requests: 1, seconds: 0 }), 's: 5 records and 1 requests so far, in 0 s (0.0 records/s, 0.0 requests/s).');
});

test('the real timer ticks every interval and stops', () => {
  // A fake clock: the ticks are counted against the time it is moved, not the machine's speed.
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    let ticks = 0;
    const stop = realEvery(5, () => { ticks++; });
    mock.timers.tick(4);
    assert.equal(ticks, 0);
    mock.timers.tick(11);
    assert.equal(ticks, 3);
    stop();
    mock.timers.tick(50);
    assert.equal(ticks, 3);
  } finally {
    mock.timers.reset();
  }
});

test('the real timer does not hold the process open', () => {
  const setter = mock.method(globalThis, 'setInterval');
  try {
    const stop = realEvery(60_000, () => undefined);
    const timer = setter.mock.calls[0]?.result as NodeJS.Timeout;
    assert.equal(timer.hasRef(), false);
    stop();
  } finally {
    setter.mock.restore();
  }
});

test('read(): progress lines while a stream runs, none after it completes', async () => {
  const key = 'sk-progress-1a2b3c4d';
  const api = await startTestApi({ apiKey: key, datasetOptions: { size: 'tiny', seed: 3 } });
  try {
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const lines = chunk.toString('utf8').split('\n').filter((l) => l !== '');
        out.push(...lines);
        for (const line of lines) {
          if (line.startsWith('{"type":"RECORD"')) this.emit('record');
          if (line.includes('"status":"COMPLETE"')) this.emit('complete');
        }
        done();
      },
    });
    // The tick is fired by hand after the first and the second record of the stream: each gives
    // one line before COMPLETE; a tick right after COMPLETE gives none; and the timer is stopped
    // when the read ends.
    const timer = manualTimer();
    let recordsSeen = 0;
    sink.on('record', () => {
      recordsSeen++;
      // On a later turn of the event loop, as a real timer would fire, never inside a write.
      if (recordsSeen <= 2) setImmediate(timer.fire);
    });
    sink.on('complete', () => setImmediate(timer.fire));
    const streams = parseConfiguredCatalog({ streams: [{ stream: { name: 'campaign_actions' }, sync_mode: 'full_refresh' }] });
    const ok = await read({ app_api_key: key, base_url: api.url }, streams, new Map(), {
      writer: new MessageWriter(sink),
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      every: timer.every,
      requestsPerSecond: UNPACED_RPS,
    });
    assert.ok(ok);
    const messages = out.map((l) => JSON.parse(l) as { type: string; log?: { level: string; message: string }; trace?: { stream_status?: { status: string } } });
    const progressAt = messages.flatMap((m, i) => (m.type === 'LOG' && /^campaign_actions: \d+ records and \d+ requests so far, in \d+ s \([\d.]+ records\/s, [\d.]+ requests\/s\)\.$/.test(m.log?.message ?? '') ? [i] : []));
    const completeAt = messages.findIndex((m) => m.trace?.stream_status?.status === 'COMPLETE');
    assert.equal(progressAt.length, 2, `${progressAt.length} progress lines`);
    assert.ok(timer.stopped(), 'the timer is stopped when the streams end');
    assert.ok(progressAt.every((i) => i < completeAt));
    assert.ok(progressAt.every((i) => messages[i]?.log?.level === 'INFO'));
  } finally {
    await api.close();
  }
});
