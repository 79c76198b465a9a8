/**
 * A sleep for retries and rate-limit pauses that ends at once when `signal` aborts, with its timer
 * cleared: a cancelled sync neither waits out a backoff nor keeps the process alive for one.
 */
export function cancellableSleep(signal?: AbortSignal): (ms: number) => Promise<void> {
  const pending = new Map<NodeJS.Timeout, () => void>();
  // One listener for every sleep: a listener each would pile up under concurrent retries.
  signal?.addEventListener('abort', () => {
    for (const [timer, wake] of pending) {
      clearTimeout(timer);
      wake();
    }
    pending.clear();
  }, { once: true });
  return (ms) => new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      resolve();
    }, ms);
    pending.set(timer, resolve);
  });
}
