import type { JsonObject } from '../protocol/messages.js';
import { streamStatusMessage, type TraceErrorMessage } from '../protocol/messages.js';
import type { MessageWriter } from '../protocol/output.js';
import { Checkpoints } from './checkpoints.js';

/**
 * One stream's life in a sync, as the platform sees it: STARTED, RUNNING at its first record,
 * then COMPLETE with a closing STATE, or INCOMPLETE (failed or cancelled).
 */
export class StreamLifecycle {
  private running = false;
  failed = false;
  /** COMPLETE written: no longer running, so no longer in progress lines. */
  completed = false;
  /** Records sent in this sync. */
  total = 0;
  private readonly checkpoints: Checkpoints;

  constructor(readonly stream: string, given: JsonObject | undefined, private readonly w: MessageWriter, private readonly now: () => number) {
    this.checkpoints = new Checkpoints(stream, given);
  }

  started(): Promise<void> {
    return this.w.write(streamStatusMessage(this.stream, 'STARTED', this.now()));
  }

  async records(data: readonly JsonObject[]): Promise<void> {
    if (data.length === 0) return;
    if (!this.running) {
      this.running = true;
      await this.w.write(streamStatusMessage(this.stream, 'RUNNING', this.now()));
    }
    this.checkpoints.recordsSent(data.length);
    this.total += data.length;
    await this.w.writeRecords(this.stream, data, this.now());
  }

  async state(state: JsonObject): Promise<void> {
    const message = this.checkpoints.checkpoint(state);
    if (message) await this.w.write(message);
  }

  async complete(summary: string): Promise<void> {
    this.completed = true;
    await this.close();
    if (!this.running) await this.w.write(streamStatusMessage(this.stream, 'RUNNING', this.now()));
    await this.w.log('INFO', summary);
    await this.w.write(streamStatusMessage(this.stream, 'COMPLETE', this.now()));
  }

  async fail(trace: TraceErrorMessage): Promise<void> {
    this.failed = true;
    await this.w.write(streamStatusMessage(this.stream, 'INCOMPLETE', this.now()));
    await this.w.write(trace);
  }

  /** A cancelled stream: readers stop at a request, after the records they yielded and the state covering them. */
  async cancelled(): Promise<void> {
    if (this.checkpoints.uncovered > 0) await this.w.log('WARN', `${this.stream}: ${this.checkpoints.uncovered} records after the last checkpoint; the next attempt may read them again.`);
    await this.close();
    await this.w.write(streamStatusMessage(this.stream, 'INCOMPLETE', this.now()));
  }

  private async close(): Promise<void> {
    const message = this.checkpoints.close();
    if (message) await this.w.write(message);
  }
}
