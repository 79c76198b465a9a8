import { CancelledError } from '../errors.js';

/**
 * Tasks that push items into one ordered sequence, read by one consumer. Producers wait while the
 * buffer is full, so a slow consumer (stdout) slows the producers instead of letting memory grow.
 * A cancellation is thrown only once the tasks in flight have settled and everything they pushed
 * is yielded, so a reader sees the progress of every page it emitted; another failure is thrown at
 * once. Which tasks run, and when, is the owner's: `settled` is called after each task that ends
 * well, to start more.
 */
export class TaskMerge<T> {
  private readonly buffer: T[] = [];
  private failure: { error: unknown } | undefined;
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private readonly wakeProducers: Array<() => void> = [];
  /** Tasks not settled. */
  active = 0;

  constructor(private readonly bufferSize: number, private readonly settled: () => void) {}

  /** A task failed, or the consumer is gone: start nothing more. */
  get stopped(): boolean {
    return this.failure !== undefined || this.closed;
  }

  /** Runs `task`; `after` when it settles, however. Its `push` answers false once the consumer is gone (the task should end). */
  run(task: (push: (item: T) => Promise<boolean>) => Promise<void>, after: () => void = () => {}): void {
    this.active++;
    task(this.push).then(
      () => {
        this.active--;
        after();
        this.settled();
        this.notify();
      },
      (error: unknown) => {
        this.active--;
        after();
        this.failure ??= { error };
        this.notify();
        this.releaseProducers();
      },
    );
  }

  /** The items as pushed, until no task runs and `more()` says none will start. */
  async *items(more: () => boolean): AsyncGenerator<T> {
    try {
      for (;;) {
        if (this.buffer.length > 0) {
          const item = this.buffer.shift() as T;
          this.wakeProducers.shift()?.();
          yield item;
          continue;
        }
        if (this.failure !== undefined && (this.active === 0 || !(this.failure.error instanceof CancelledError))) throw this.failure.error;
        if (this.active === 0 && !more()) return;
        await new Promise<void>((resolve) => {
          this.wakeConsumer = resolve;
        });
      }
    } finally {
      this.closed = true;
      this.releaseProducers();
    }
  }

  private readonly push = async (item: T): Promise<boolean> => {
    while (this.buffer.length >= this.bufferSize && this.failure === undefined && !this.closed) {
      await new Promise<void>((resolve) => this.wakeProducers.push(resolve));
    }
    if (this.closed) return false;
    this.buffer.push(item);
    this.notify();
    return true;
  };

  private notify(): void {
    this.wakeConsumer?.();
    this.wakeConsumer = undefined;
  }

  private releaseProducers(): void {
    for (const wake of this.wakeProducers.splice(0)) wake();
  }
}

/**
 * Runs `work` over `inputs` with at most `limit` in flight, merging what they push into one
 * ordered sequence (TaskMerge). After a failure no input starts.
 */
export async function* mergeConcurrent<I, T>(
  inputs: Iterable<I>,
  limit: number,
  work: (input: I, push: (item: T) => Promise<void>) => Promise<void>,
  bufferSize = 2000,
): AsyncGenerator<T> {
  const iterator = inputs[Symbol.iterator]();
  let exhausted = false;
  const startMore = () => {
    while (!exhausted && merge.active < limit && !merge.stopped) {
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      merge.run((push) => work(next.value, async (item) => { await push(item); }));
    }
  };
  const merge = new TaskMerge<T>(bufferSize, startMore);
  startMore();
  yield* merge.items(() => !exhausted);
}
