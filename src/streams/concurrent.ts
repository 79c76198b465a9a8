import { CancelledError } from '../errors.js';

/**
 * Runs `work` over `inputs` with at most `limit` in flight, merging what they push into one
 * ordered sequence. Producers wait while the buffer is full, so a slow consumer (stdout) slows
 * the producers instead of letting memory grow. After a failure no input starts; a cancellation
 * is thrown only once the workers in flight have settled and everything they pushed is yielded,
 * so a reader sees the progress of every page it emitted.
 */
export async function* mergeConcurrent<I, T>(
  inputs: Iterable<I>,
  limit: number,
  work: (input: I, push: (item: T) => Promise<void>) => Promise<void>,
  bufferSize = 2000,
): AsyncGenerator<T> {
  const buffer: T[] = [];
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  const wakeProducers: Array<() => void> = [];
  let active = 0;
  const iterator = inputs[Symbol.iterator]();
  let exhausted = false;

  const notify = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const push = async (item: T) => {
    while (buffer.length >= bufferSize && failure === undefined) {
      await new Promise<void>((resolve) => wakeProducers.push(resolve));
    }
    buffer.push(item);
    notify();
  };
  const startMore = () => {
    while (!exhausted && active < limit && failure === undefined) {
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      active++;
      work(next.value, push).then(
        () => {
          active--;
          startMore();
          notify();
        },
        (error: unknown) => {
          active--;
          failure ??= { error };
          notify();
          for (const wake of wakeProducers.splice(0)) wake();
        },
      );
    }
  };
  startMore();
  for (;;) {
    if (buffer.length > 0) {
      const item = buffer.shift() as T;
      const wake = wakeProducers.shift();
      wake?.();
      yield item;
      continue;
    }
    if (failure !== undefined && (active === 0 || !(failure.error instanceof CancelledError))) throw failure.error;
    if (exhausted && active === 0) return;
    await new Promise<void>((resolve) => {
      wakeConsumer = resolve;
    });
  }
}
