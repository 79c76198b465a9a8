import Bottleneck from 'bottleneck';
import { CancelledError } from '../errors.js';

/**
 * The one request limiter of a sync. Starts are spaced 1/rps apart; enough requests may be in
 * flight to keep that pace at a few hundred ms of latency. A 429 pauses every request, not just
 * the one that got it, because the quota is per workspace.
 */
export interface RequestLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
  pauseFor(ms: number): void;
  stop(): Promise<void>;
}

/**
 * Once `signal` aborts, no task starts: calls waiting for their turn reject at once with a
 * CancelledError (rather than one by one at the limiter's pace), and so does every later call.
 */
export function createLimiter(requestsPerSecond: number, sleep: (ms: number) => Promise<void>, signal?: AbortSignal): RequestLimiter {
  const bottleneck = new Bottleneck({
    minTime: Math.ceil(1000 / requestsPerSecond),
    // Bounded by the client's 32 connections when a test lifts the pace.
    maxConcurrent: Math.min(32, Math.max(4, requestsPerSecond * 2)),
  });
  let pausedUntil = 0;
  const waiting = new Set<(error: CancelledError) => void>();
  signal?.addEventListener('abort', () => {
    for (const reject of waiting) reject(new CancelledError(signal.reason));
    waiting.clear();
  }, { once: true });
  return {
    schedule<T>(task: () => Promise<T>): Promise<T> {
      if (signal?.aborted) return Promise.reject(new CancelledError(signal.reason));
      return new Promise<T>((resolve, reject) => {
        waiting.add(reject);
        bottleneck.schedule(async () => {
          const wait = pausedUntil - Date.now();
          if (wait > 0) await sleep(wait);
          if (signal?.aborted) throw new CancelledError(signal.reason);
          waiting.delete(reject);
          return task();
        }).then(resolve, reject).finally(() => waiting.delete(reject));
      });
    },
    pauseFor(ms: number): void {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
    async stop(): Promise<void> {
      await bottleneck.stop({ dropWaitingJobs: true });
    },
  };
}
