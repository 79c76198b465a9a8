import type { JsonObject } from '../protocol/messages.js';
import { stateMessage, type StateMessage } from '../protocol/messages.js';

/**
 * The STATE messages of one stream: each counts the records since the previous one, a checkpoint
 * equal to the previous one is held back (it says nothing new, and the platform may reject it
 * after records), and the stream always ends with a STATE after its last record.
 */
export class Checkpoints {
  private last: string | undefined;
  /** Records sent since the last STATE. */
  uncovered = 0;

  constructor(private readonly stream: string, private readonly given: JsonObject | undefined) {}

  recordsSent(n: number): void {
    this.uncovered += n;
  }

  /** The STATE for a reader's checkpoint, or undefined when it repeats the previous one. */
  checkpoint(state: JsonObject): StateMessage | undefined {
    const serialized = JSON.stringify(state);
    if (serialized === this.last) return undefined;
    this.last = serialized;
    const message = stateMessage(this.stream, state, this.uncovered);
    this.uncovered = 0;
    return message;
  }

  /** The closing STATE: the last checkpoint again if records came after it, the given state if there was none. */
  close(): StateMessage | undefined {
    if (this.last !== undefined && this.uncovered === 0) return undefined;
    const message = stateMessage(this.stream, this.last === undefined ? this.given ?? {} : (JSON.parse(this.last) as JsonObject), this.uncovered);
    this.uncovered = 0;
    return message;
  }
}
