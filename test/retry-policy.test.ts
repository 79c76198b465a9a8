import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, decide, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../src/http/retry-policy.js';

const policy = DEFAULT_RETRY_POLICY;
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

test('Retry-After in seconds and as an HTTP date', () => {
  assert.equal(parseRetryAfter('1', NOW), 1000);
  assert.equal(parseRetryAfter('2.5', NOW), 2500);
  assert.equal(parseRetryAfter(new Date(NOW + 3000).toUTCString(), NOW), 3000);
  assert.equal(parseRetryAfter(undefined, NOW), undefined);
  assert.equal(parseRetryAfter('soon', NOW), undefined);
});

test('429 with Retry-After waits what the server asks, plus at most 100 ms of jitter', () => {
  const d = decide({ kind: 'status', status: 429, retryAfter: '2' }, 1, policy, NOW, () => 0.5);
  assert.deepEqual(d, { action: 'retry', delayMs: 2050, reason: 'HTTP 429 (Retry-After)' });
});

test('429 without Retry-After backs off exponentially with jitter', () => {
  const low = [1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0));
  const high = [1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1));
  assert.deepEqual(low, [250, 500, 1000, 2000]);
  assert.deepEqual(high, [500, 1000, 2000, 4000]);
  assert.equal(backoffDelay(20, policy, () => 1), policy.maxDelayMs);
  const d = decide({ kind: 'status', status: 429 }, 3, policy, NOW, () => 1);
  assert.deepEqual(d, { action: 'retry', delayMs: 2000, reason: 'HTTP 429' });
});

test('a Retry-After longer than the cap is a quota: give up', () => {
  const d = decide({ kind: 'status', status: 429, retryAfter: '86400' }, 1, policy, NOW, () => 0);
  assert.equal(d.action, 'fail');
});

test('5xx, resets and broken bodies retry until the budget, then fail', () => {
  for (const attempt of [{ kind: 'status', status: 503 }, { kind: 'network', code: 'ECONNRESET' }, { kind: 'bad-body' }] as const) {
    assert.equal(decide(attempt, 1, policy, NOW, () => 0).action, 'retry');
    assert.equal(decide(attempt, policy.maxAttempts, policy, NOW, () => 0).action, 'fail');
  }
  assert.equal(decide({ kind: 'status', status: 429 }, policy.maxAttempts, policy, NOW, () => 0).action, 'retry');
  assert.equal(decide({ kind: 'status', status: 429 }, policy.maxRateLimitAttempts, policy, NOW, () => 0).action, 'fail');
});

test('client errors and unknown network errors are not retried', () => {
  assert.equal(decide({ kind: 'status', status: 400 }, 1, policy, NOW, () => 0).action, 'fail');
  assert.equal(decide({ kind: 'network', code: 'ENOTFOUND' }, 1, policy, NOW, () => 0).action, 'fail');
});
