// The fake Customer.io App API's rate limit and fault injection, and its dataset's determinism.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, mock, test } from 'node:test';
import { generateDataset, startFakeApi, type FakeApi } from '../fake-api/index.js';
import { TokenBucket } from '../fake-api/rate-limit.js';
import { call, errorDetail, KEY, NOW, type Answer, type Json } from './helpers/fake-api-calls.js';

describe('rate limit and faults', () => {
  test('the token bucket answers 429 with Retry-After: 1 and logs it', async () => {
    // Capacity 1: the first request takes the only token; one of the next, sent back to back,
    // finds the bucket empty unless each took a second (the refill is tested on a fake clock below).
    const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 1, datasetOptions: { size: 'tiny', now: NOW } });
    try {
      const answers: Answer[] = [];
      while (answers.length < 50 && !answers.some((a) => a.status === 429)) answers.push(await call(api, '/v1/segments'));
      assert.equal(answers[0]?.status, 200);
      const limited = answers.filter((a) => a.status === 429);
      assert.equal(limited.length, 1, `expected a 429, got ${answers.map((a) => a.status).join(',')}`);
      assert.equal(limited[0]?.headers.get('retry-after'), '1');
      assert.match(errorDetail(limited[0]?.body ?? {}), /^rate limited to 1 requests per 1s \(reference/);
      const logged = api.requests.filter((r) => r.status === 429);
      assert.equal(logged.length, limited.length);
      assert.ok(logged.every((r) => r.fault === undefined));
    } finally {
      await api.close();
    }
  });

  test('the token bucket holds `rate` tokens and refills `rate` a second', () => {
    let now = 0;
    const bucket = new TokenBucket(3, () => now);
    assert.deepEqual([1, 2, 3, 4].map(() => bucket.take()), [true, true, true, false]);
    now += 333;
    assert.equal(bucket.take(), false, 'a third of a second is not yet a whole token');
    now += 1;
    assert.equal(bucket.take(), true);
    now += 10_000;
    assert.deepEqual([1, 2, 3, 4].map(() => bucket.take()), [true, true, true, false], 'never more than the capacity');
    assert.ok([0, Infinity].every((rate) => Array.from({ length: 100 }, () => new TokenBucket(rate, () => now).take()).every(Boolean)), '0 and Infinity are unlimited');
  });

  /** Retries each request until it gets a parseable 200; returns the labels of the faults met. */
  async function readThroughFaults(api: FakeApi, paths: string[]): Promise<void> {
    for (const path of paths) {
      let ok = false;
      for (let attempt = 0; attempt < 20 && !ok; attempt++) {
        try {
          const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${KEY}` } });
          const text = await res.text();
          if (res.status === 200) {
            JSON.parse(text);
            ok = true;
          }
        } catch {
          // reset or truncated body: retry
        }
      }
      assert.ok(ok, `${path} never succeeded`);
    }
  }

  test('a fault profile injects every fault kind, logs it, and caps faults per request', async () => {
    const profile = { seed: 42, rate429: 0.2, retryAfter: 'mixed' as const, status5xx: 0.15, reset: 0.1, truncate: 0.1, maxFaultsPerPath: 2 };
    const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'tiny', now: NOW }, faults: profile });
    try {
      const paths = ['/v1/campaigns', '/v1/segments', '/v1/broadcasts', '/v1/exports', '/v1/collections', '/v1/snippets'].flatMap((p) =>
        [1, 2, 3, 4].map((n) => `${p}?n=${n}`),
      );
      await readThroughFaults(api, paths);
      const labels = new Set(api.requests.map((r) => r.fault).filter((f) => f !== undefined));
      for (const label of ['429', '429-no-retry-after', '5xx', 'reset', 'truncate']) assert.ok(labels.has(label as never), `no ${label} fault`);
      const perPath = new Map<string, number>();
      for (const r of api.requests) {
        if (!r.fault) continue;
        const id = `${r.path}?${new URLSearchParams(r.query).toString()}`;
        perPath.set(id, (perPath.get(id) ?? 0) + 1);
      }
      assert.ok([...perPath.values()].every((n) => n <= 2), 'at most maxFaultsPerPath faults per request');
      const resets = api.requests.filter((r) => r.fault === 'reset');
      assert.ok(resets.every((r) => r.status === 0));
      const truncated = api.requests.filter((r) => r.fault === 'truncate');
      assert.ok(truncated.every((r) => r.status === 200));

      // The same seed replays the same sequence of faults.
      const first = api.requests.map((r) => r.fault ?? '-');
      api.clearLog();
      api.setFaults(profile);
      await readThroughFaults(api, paths);
      assert.deepEqual(api.requests.map((r) => r.fault ?? '-'), first);
    } finally {
      await api.close();
    }
  });

  test('forbidden prefixes get 403 and notFound paths 404, logged as faults', async () => {
    const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'tiny', now: NOW } });
    try {
      api.setFaults({ forbidden: ['/v1/activities'], notFound: ['/v1/campaigns/2/actions'] });
      const forbidden = await call(api, '/v1/activities?limit=5');
      assert.equal(forbidden.status, 403);
      assert.equal((forbidden.body['errors'] as Json[])[0]?.['status'], '403');
      assert.equal((await call(api, '/v1/campaigns/2/actions')).status, 404);
      assert.equal((await call(api, '/v1/campaigns/1/actions')).status, 200);
      assert.deepEqual(api.requests.map((r) => r.fault), ['403', '404', undefined]);
      assert.equal((await call(api, '/v1/activities', { key: 'bad' })).status, 401, 'auth comes first');
    } finally {
      await api.close();
    }
  });

  test('slowMs holds each answer until its delay has passed', async () => {
    const api = await startFakeApi({ apiKey: KEY, requestsPerSecond: 0, datasetOptions: { size: 'tiny', now: NOW }, faults: { slowMs: 150 } });
    // The server's setTimeout runs on a fake clock; node:http (not fetch) so the client uses no timer.
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let status: number | undefined;
      const answered = new Promise<void>((resolve, reject) => {
        request(`${api.url}/v1/segments`, { headers: { authorization: `Bearer ${KEY}` } }, (res) => {
          status = res.statusCode;
          res.resume();
          res.on('end', resolve);
        }).on('error', reject).end();
      });
      const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve)); };
      // The request is logged on arrival, and its delay starts in the same turn.
      while (api.requests.length === 0) await turns(1);
      mock.timers.tick(149);
      await turns(20);
      assert.equal(status, undefined, 'answered before its delay');
      mock.timers.tick(1);
      await answered;
      assert.equal(status, 200);
    } finally {
      mock.timers.reset();
      await api.close();
    }
  });
});

test('generateDataset is deterministic for (seed, now, size)', () => {
  const a = generateDataset({ seed: 9, now: NOW, size: 'small' });
  const b = generateDataset({ seed: 9, now: NOW, size: 'small' });
  assert.deepEqual(a, b);
  const c = generateDataset({ seed: 10, now: NOW, size: 'small' });
  assert.notDeepEqual(a.messages.slice(0, 5), c.messages.slice(0, 5));
});
