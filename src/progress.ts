/*
 * Progress while streams run: every 30 seconds, one INFO line per running stream with its records
 * and requests so far, the rate and the elapsed time, so that a long sync shows it is alive and
 * how fast it goes. The timer and the clock are passed in, so tests need not wait 30 seconds.
 */

export const PROGRESS_INTERVAL_MS = 30_000;

/** Starts calling `tick` every `ms`; returns what stops it. */
export type Every = (ms: number, tick: () => void) => () => void;

/** The real timer; it never keeps the process alive on its own. */
export const realEvery: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface StreamCounts { stream: string; records: number; requests: number }

export interface ProgressLine extends StreamCounts { seconds: number }

export function formatProgress(p: ProgressLine): string {
  const rate = (n: number) => (p.seconds > 0 ? n / p.seconds : 0).toFixed(1);
  return `${p.stream}: ${p.records} records and ${p.requests} requests so far, in ${Math.round(p.seconds)} s (${rate(p.records)} records/s, ${rate(p.requests)} requests/s).`;
}

export interface ProgressOptions {
  every: Every;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** When the streams started (ms), for the elapsed time and the rates. */
  startedAt: number;
  /** The streams still running, with their counts at this moment. */
  running: () => StreamCounts[];
  log: (message: string) => void;
  intervalMs?: number;
}

/** Reports progress until the returned function is called. */
export function startProgress(o: ProgressOptions): () => void {
  return o.every(o.intervalMs ?? PROGRESS_INTERVAL_MS, () => {
    const seconds = (o.now() - o.startedAt) / 1000;
    for (const counts of o.running()) o.log(formatProgress({ ...counts, seconds }));
  });
}
