import type { JsonObject } from '../protocol/messages.js';

export function fillPath(template: string, fields: JsonObject): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name])));
}

/**
 * How far a read got through parents taken in page order: the last key of the longest run of
 * finished parents from the start, and the parents finished beyond it. Parents finish out of
 * order when read concurrently; both are saved, so a resumed read repeats none of them.
 */
export class ParentProgress {
  private readonly waiting: string[];
  /** Finished, but not yet part of the run from the start. */
  private readonly done = new Set<string>();

  constructor(keys: string[], public through: string | undefined, finished: Iterable<string> = []) {
    this.waiting = [...keys];
    for (const key of finished) if (this.waiting.includes(key)) this.finish(key);
  }

  finish(key: string): void {
    this.done.add(key);
    while (this.waiting.length > 0 && this.done.has(this.waiting[0] as string)) {
      this.done.delete(this.waiting[0] as string);
      this.through = this.waiting.shift();
    }
  }

  /** Finished keys after `through`, in key order. */
  get ahead(): string[] {
    return this.waiting.filter((k) => this.done.has(k));
  }

  /** The state fields that say which parents are done. */
  toState(): JsonObject {
    const ahead = this.ahead;
    return {
      ...(this.through === undefined ? {} : { completed_through: this.through }),
      ...(ahead.length === 0 ? {} : { completed_ahead: ahead }),
    };
  }
}

