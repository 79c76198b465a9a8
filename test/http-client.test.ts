import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import { createApiClient } from '../src/http/client.js';
import { createLimiter } from '../src/http/limiter.js';
import { DEFAULT_RETRY_POLICY } from '../src/http/retry-policy.js';
import { Agent, interceptors, type Dispatcher } from 'undici';
import { ConfigError, HttpError, RedirectError, RetriesExhaustedError } from '../src/errors.js';
import { MessageWriter } from '../src/protocol/output.js';

const KEY = 'sk-client-test-123456';
let api: FakeApi;
before(async () => {
  api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 0 });
});
after(async () => api.close());

const quickSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
function client(overrides: { apiKey?: string; timeoutMs?: number; rps?: number } = {}) {
  return createApiClient({
    baseUrl: api.url, apiKey: overrides.apiKey ?? KEY, region: 'us',
    limiter: createLimiter(overrides.rps ?? 10, quickSleep), sleep: quickSleep,
    policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, timeoutMs: overrides.timeoutMs ?? 5_000,
  });
}

test('a response slower than the request timeout is retried, then a transient error', async () => {
  // undici's timers tick about once a second, so the delay must be well past the timeout.
  api.setFaults({ slowMs: 3000 });
  const c = client({ timeoutMs: 500 });
  try {
    await assert.rejects(c.get('/campaigns'), (e: unknown) => e instanceof RetriesExhaustedError && e.failureType === 'transient_error');
    assert.equal(c.requestCounts.get('other'), 3);
  } finally {
    api.setFaults({});
    await c.close();
  }
});

test('401 is a config error naming the key type and region; 403 names the endpoint', async () => {
  const bad = client({ apiKey: 'nope-nope' });
  await assert.rejects(bad.get('/campaigns'), (e: unknown) => e instanceof ConfigError && /App API key/.test(e.message) && /'us' region/.test(e.message));
  await bad.close();
  api.setFaults({ forbidden: ['/v1/segments'] });
  const c = client();
  await assert.rejects(c.get('/segments'), (e: unknown) => e instanceof HttpError && e.status === 403 && e.failureType === 'config_error' && e.message.includes('/v1/segments'));
  api.setFaults({});
  await c.close();
});

test('the limiter spaces requests at requests_per_second: a fake holding the same limit never refuses one', async () => {
  // The fake's bucket holds 5 requests and refills 5 a second: 12 requests sent at once would see
  // 7 refused (429); spaced 1/5 s apart, however slowly the machine runs, none is.
  const strict = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 5 });
  const c = createApiClient({
    baseUrl: strict.url, apiKey: KEY, region: 'us', limiter: createLimiter(5, quickSleep), sleep: quickSleep, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxRateLimitAttempts: 1 },
  });
  try {
    await Promise.all(Array.from({ length: 12 }, () => c.get('/campaigns', { tag: 'paced' })));
    assert.deepEqual(strict.requests.map((r) => r.status), Array.from({ length: 12 }, () => 200));
    assert.equal(c.requestCounts.get('paced'), 12);
  } finally {
    await c.close();
    await strict.close();
  }
});

/** A writer that knows KEY as a secret, and everything it has written so far. */
function maskingWriter(): { w: MessageWriter; out: () => string } {
  const sink = new PassThrough();
  let text = '';
  sink.on('data', (d: Buffer) => { text += d.toString(); });
  const w = new MessageWriter(sink);
  w.addSecret(KEY);
  return { w, out: () => text };
}

test('the writer masks secrets in every line, and counts are doubles on STATE lines', async () => {
  const { w, out } = maskingWriter();
  // A record with characters of several UTF-8 lengths around the secret, among plain ones.
  await w.writeRecords('s', [{ n: 1 }, { note: `é — 😀 ${KEY} 😀` }, { n: 3 }], 5);
  await w.log('WARN', `the server said: bad key ${KEY}`);
  await w.write({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'a' }, stream_state: {} }, sourceStats: { recordCount: 5 } } });
  assert.ok(!out().includes(KEY));
  assert.match(out(), /bad key \*\*\*\*/);
  assert.match(out(), /"note":"é — 😀 \*\*\*\* 😀"/);
  assert.equal(out().split('\n').filter((l) => l.startsWith('{"type":"RECORD"')).length, 3);
  assert.match(out(), /"recordCount":5\.0}/);
});

test('a 301 "wrong datacenter" is a config error with the region advice, sent once, and later requests are not sent', async () => {
  const wrong = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 0, wrongRegion: { keyRegion: 'eu' } });
  const c = createApiClient({
    baseUrl: wrong.url, apiKey: KEY, region: 'us', baseUrlSet: false,
    limiter: createLimiter(10, quickSleep), sleep: quickSleep, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
  });
  try {
    const isAdvice = (e: unknown) => e instanceof RedirectError && e.failureType === 'config_error' && e.status === 301
      && e.message.startsWith("This App API key belongs to Customer.io's EU data center: set region to eu");
    await assert.rejects(c.get('/workspaces'), isAdvice);
    // The host is wrong for every path: nothing more goes out, queued or not.
    await assert.rejects(Promise.all([c.get('/campaigns'), c.post('/customers', { body: {} })]), isAdvice);
    assert.deepEqual(wrong.requests.map((r) => `${r.method} ${r.path} ${r.status}`), ['GET /v1/workspaces 301']);
  } finally {
    await c.close();
    await wrong.close();
  }
});

test('requests refused in the queue after a 301 are not counted as sent', async () => {
  const wrong = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 0, wrongRegion: { keyRegion: 'eu' } });
  const c = createApiClient({ baseUrl: wrong.url, apiKey: KEY, region: 'us', limiter: createLimiter(10, quickSleep), sleep: quickSleep });
  try {
    // Queued together: the limiter spaces them 100 ms apart, and the first answer is a 301.
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((tag) => c.get(`/${tag}`, { tag })));
    assert.ok(settled.every((r) => r.status === 'rejected'));
    const counted = [...c.requestCounts.values()].reduce((a, b) => a + b, 0);
    assert.equal(counted, wrong.requests.length);
    assert.equal(counted, 1);
  } finally {
    await c.close();
    await wrong.close();
  }
});

test('a redirect is never followed, not even through a dispatcher with a redirect interceptor', async () => {
  const other = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 0 });
  const wrong = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 2 }, requestsPerSecond: 0, wrongRegion: { keyRegion: 'eu', locationOrigin: other.url } });
  const dispatchers: Dispatcher[] = [new Agent(), new Agent().compose(interceptors.redirect({ maxRedirections: 5 }))];
  try {
    for (const dispatcher of dispatchers) {
      const c = createApiClient({
        baseUrl: wrong.url, apiKey: KEY, region: 'us', dispatcher,
        limiter: createLimiter(10, quickSleep), sleep: quickSleep,
      });
      // The fake's Location is a loopback host: no region to name, so the message names the host.
      await assert.rejects(c.get('/campaigns', { query: { limit: 1 } }), (e: unknown) => e instanceof RedirectError
        && e.message.includes(`redirected to ${new URL(other.url).host}, which is not a Customer.io App API host`));
      await c.close();
    }
    assert.equal(wrong.requests.length, 2);
    assert.equal(other.requests.length, 0, 'the Location received a request');
  } finally {
    await wrong.close();
    await other.close();
  }
});
