/**
 * Runs `run` over `items` with at most `limit` at once, in order. After `signal` aborts, items
 * not yet started stay unstarted; those running finish their own way.
 */
export async function runPool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined && signal?.aborted !== true; item = queue.shift()) await run(item);
  });
  await Promise.all(workers);
}
