import { isObject, type JsonObject } from '../../json.js';

/**
 * How far a read got through parents taken in page order: the last key of the longest run of
 * finished parents from the start, and the parents finished beyond it. Parents finish out of
 * order when read concurrently; both are saved, so a resumed read repeats none of them.
 */
export class ParentProgress {
  private readonly waiting: string[];
  /** Finished, but not yet part of the run from the start. */
  private readonly done = new Set<string>();

  constructor(keys: string[], public through: string | undefined) {
    this.waiting = [...keys];
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

/**
 * How far one stream of a tree got through the items of one parent page: which are done, and
 * where the unfinished ones stopped (a page token, a delivery window, the child items whose own
 * children are done). Saved with the page's token, so a resumed sync reads that parent page again
 * and skips what the stream already sent.
 */
export class PageProgress {
  private readonly order: ParentProgress;
  private readonly done = new Set<string>();
  private readonly positions = new Map<string, JsonObject>();

  /** `saved`: the stream's state, when it was saved part way through this same page. */
  constructor(ids: string[], saved: JsonObject | undefined) {
    const unique = [...new Set(ids)];
    this.order = new ParentProgress(unique, undefined);
    // Done: the items up to completed_through in page order, and those in completed_ahead.
    const through = saved?.['completed_through'];
    const ahead = saved?.['completed_ahead'];
    const upTo = typeof through === 'string' ? unique.indexOf(through) : -1;
    for (const id of unique.slice(0, upTo + 1)) this.finish(id);
    if (Array.isArray(ahead)) for (const id of ahead) if (typeof id === 'string' && unique.includes(id)) this.finish(id);
    const pending = saved?.['pending'];
    if (isObject(pending)) for (const [id, at] of Object.entries(pending)) if (isObject(at) && !this.done.has(id)) this.positions.set(id, at);
  }

  isDone(id: string): boolean {
    return this.done.has(id);
  }

  /** Where this item's read resumes: undefined for the start. */
  resumeAt(id: string): JsonObject | undefined {
    return this.positions.get(id);
  }

  /** Everything of this item up to `position` is sent. */
  moved(id: string, position: JsonObject): void {
    this.positions.set(id, position);
  }

  finish(id: string): void {
    this.done.add(id);
    this.positions.delete(id);
    this.order.finish(id);
  }

  toState(): JsonObject {
    return { ...this.order.toState(), ...(this.positions.size === 0 ? {} : { pending: Object.fromEntries(this.positions) }) };
  }
}
