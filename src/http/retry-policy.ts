/**
 * What to do after one HTTP attempt, as pure functions of what happened, so the timing can be
 * unit-tested without a clock.
 */
export type Attempt =
  | { kind: 'status'; status: number; retryAfter?: string | null | undefined }
  | { kind: 'network'; code: string }
  | { kind: 'bad-body' };

export type Decision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'fail'; reason: string };

export interface RetryPolicy {
  /** Attempts allowed for 5xx, network errors and broken bodies. */
  maxAttempts: number;
  /** Attempts allowed for 429: rate limiting is expected, so its budget is larger. */
  maxRateLimitAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we are willing to sleep; longer (a daily quota) gives up. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  maxRateLimitAttempts: 30,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

const RETRYABLE_NETWORK = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND_TEMP',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Parses Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter: uniformly in [base*2^n / 2, base*2^n], capped. */
export function backoffDelay(attemptNumber: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptNumber - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * attemptNumber counts the attempt that just failed (1 = first). 2xx and 4xx other than 429 are not
 * decided here: the client maps them to results and typed errors.
 */
export function decide(attempt: Attempt, attemptNumber: number, policy: RetryPolicy, nowMs: number, random: () => number): Decision {
  switch (attempt.kind) {
    case 'status': {
      if (attempt.status === 429) {
        if (attemptNumber >= policy.maxRateLimitAttempts) return { action: 'fail', reason: 'HTTP 429 (rate limited)' };
        const hinted = parseRetryAfter(attempt.retryAfter, nowMs);
        if (hinted !== undefined) {
          if (hinted > policy.maxRetryAfterMs) return { action: 'fail', reason: `HTTP 429 with Retry-After ${Math.round(hinted / 1000)}s (a quota, not a burst)` };
          // A little jitter so parallel requests do not return in lockstep.
          return { action: 'retry', delayMs: hinted + Math.round(random() * 100), reason: 'HTTP 429 (Retry-After)' };
        }
        return { action: 'retry', delayMs: backoffDelay(attemptNumber, policy, random), reason: 'HTTP 429' };
      }
      if (attempt.status >= 500) {
        if (attemptNumber >= policy.maxAttempts) return { action: 'fail', reason: `HTTP ${attempt.status}` };
        return { action: 'retry', delayMs: backoffDelay(attemptNumber, policy, random), reason: `HTTP ${attempt.status}` };
      }
      return { action: 'fail', reason: `HTTP ${attempt.status}` };
    }
    case 'network': {
      if (!RETRYABLE_NETWORK.has(attempt.code) || attemptNumber >= policy.maxAttempts) {
        return { action: 'fail', reason: `network error ${attempt.code}` };
      }
      return { action: 'retry', delayMs: backoffDelay(attemptNumber, policy, random), reason: `network error ${attempt.code}` };
    }
    case 'bad-body': {
      if (attemptNumber >= policy.maxAttempts) return { action: 'fail', reason: 'a response body that is not valid JSON' };
      return { action: 'retry', delayMs: backoffDelay(attemptNumber, policy, random), reason: 'a response body that is not valid JSON' };
    }
  }
}
