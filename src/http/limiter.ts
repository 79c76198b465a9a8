import Bottleneck from 'bottleneck';

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

export function createLimiter(requestsPerSecond: number, sleep: (ms: number) => Promise<void>): RequestLimiter {
  const bottleneck = new Bottleneck({
    minTime: Math.ceil(1000 / requestsPerSecond),
    maxConcurrent: Math.max(4, requestsPerSecond * 2),
  });
  let pausedUntil = 0;
  return {
    schedule<T>(task: () => Promise<T>): Promise<T> {
      return bottleneck.schedule(async () => {
        const wait = pausedUntil - Date.now();
        if (wait > 0) await sleep(wait);
        return task();
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
