import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startFakeApi } from '../fake-api/index.js';
import { parseConfiguredCatalog } from '../src/catalog.js';
import { formatProgress, PROGRESS_INTERVAL_MS, realEvery, startProgress, type Every } from '../src/progress.js';
import { MessageWriter } from '../src/protocol/output.js';
import { read } from '../src/source.js';

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

test('the real timer ticks and stops, and does not hold the process open', async () => {
  let ticks = 0;
  const stop = realEvery(5, () => { ticks++; });
  await new Promise((resolve) => setTimeout(resolve, 40));
  stop();
  const seen = ticks;
  assert.ok(seen >= 2);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(ticks, seen);
});

test('read(): progress lines while a stream runs, none after it completes', async () => {
  const key = 'sk-progress-1a2b3c4d';
  const api = await startFakeApi({ apiKey: key, datasetOptions: { size: 'tiny', seed: 3 } });
  try {
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    // The fake paces requests at 10 a second, so campaign_actions (about 8 requests) spans several 50 ms ticks.
    const streams = parseConfiguredCatalog({ streams: [{ stream: { name: 'campaign_actions' }, sync_mode: 'full_refresh' }] });
    const ok = await read({ app_api_key: key, base_url: api.url }, streams, new Map(), {
      writer: new MessageWriter(sink),
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      every: (_ms, tick) => realEvery(50, tick),
    });
    assert.ok(ok);
    const messages = out.map((l) => JSON.parse(l) as { type: string; log?: { level: string; message: string }; trace?: { stream_status?: { status: string } } });
    const progressAt = messages.flatMap((m, i) => (m.type === 'LOG' && /^campaign_actions: \d+ records and \d+ requests so far, in \d+ s \([\d.]+ records\/s, [\d.]+ requests\/s\)\.$/.test(m.log?.message ?? '') ? [i] : []));
    const completeAt = messages.findIndex((m) => m.trace?.stream_status?.status === 'COMPLETE');
    assert.ok(progressAt.length >= 2, `${progressAt.length} progress lines`);
    assert.ok(progressAt.every((i) => i < completeAt));
    assert.ok(progressAt.every((i) => messages[i]?.log?.level === 'INFO'));
  } finally {
    await api.close();
  }
});
