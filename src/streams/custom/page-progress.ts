import type { JsonObject } from '../../protocol/messages.js';
import { ParentProgress } from '../parents.js';
import { isObject } from '../types.js';

/**
 * How far one people stream got through the people of one search page: who is done, and where the
 * unfinished ones stopped (a page token, or a delivery window). A sync cancelled part way through
 * a page saves this with the page's token, so the resumed sync reads that search page again and
 * skips the people, and the pages of a person, the stream already sent.
 */
export class PageProgress {
  private readonly order: ParentProgress;
  private readonly done = new Set<string>();
  private readonly positions = new Map<string, JsonObject>();

  /** `saved`: the stream's state, when it was saved part way through this same page. */
  constructor(ids: string[], saved: JsonObject | undefined) {
    const unique = [...new Set(ids)];
    this.order = new ParentProgress(unique, undefined);
    // Done: the people up to completed_through in page order, and those in completed_ahead.
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

  /** Where this person's read resumes: undefined for the start. */
  resumeAt(id: string): JsonObject | undefined {
    return this.positions.get(id);
  }

  /** Everything of this person up to `position` is sent. */
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
