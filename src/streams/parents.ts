import type { JsonObject } from '../protocol/messages.js';
import type { ReadContext, ReadEvent, StreamDefinition, StreamRun } from './types.js';

export type StreamReaderFn = (ctx: ReadContext, run: StreamRun) => AsyncGenerator<ReadEvent>;

export interface ParentSlice {
  /** Stable key of the parent, e.g. "5" or "5/259" for an action of campaign 5. */
  key: string;
  /** Child record fields copied from the parent (also the path placeholders). */
  fields: JsonObject;
}

function compareKeys(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The parents of a child stream, read in full through the parent's own reader and sorted by key,
 * so that progress through them can be checkpointed. Parent lists are small (campaigns,
 * segments, ...); only their keys are kept, and each is read once per sync however many child
 * streams use it. Its requests are counted under "<parent> (as parent)".
 */
export function listParents(ctx: ReadContext, child: StreamDefinition, parentDef: StreamDefinition, read: StreamReaderFn): Promise<ParentSlice[]> {
  const ref = child.parent;
  if (ref === undefined) throw new Error(`${child.name} has no parent`);
  const memoKey = `${parentDef.name} ${JSON.stringify(ref.fields)}`;
  const known = ctx.parentLists?.get(memoKey);
  if (known) return known;
  const listing = readParents(ctx, ref.fields, parentDef, read);
  ctx.parentLists?.set(memoKey, listing);
  return listing;
}

async function readParents(ctx: ReadContext, fieldMap: Record<string, string>, parentDef: StreamDefinition, read: StreamReaderFn): Promise<ParentSlice[]> {
  const slices = new Map<string, ParentSlice>();
  const asParent: ReadContext = { ...ctx, requestTag: `${parentDef.name} (as parent)` };
  for await (const event of read(asParent, { def: parentDef, syncMode: 'full_refresh', state: undefined })) {
    if (event.type !== 'record' || event.stream !== parentDef.name) continue;
    const fields: JsonObject = {};
    for (const [childField, parentField] of Object.entries(fieldMap)) fields[childField] = event.data[parentField];
    const key = Object.values(fields).map(String).join('/');
    slices.set(key, { key, fields });
  }
  return [...slices.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** The warning for a parent deleted between listing it and reading its children (a 404). */
export function parentGone(child: string, parent: string, key: string): ReadEvent {
  return { type: 'log', level: 'WARN', message: `${child}: parent ${parent} ${key} was not found (HTTP 404), probably deleted during the sync; skipped.` };
}

export function fillPath(template: string, fields: JsonObject): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name])));
}

export { compareKeys };

/**
 * How far a read got through parents taken in key order: the last key of the longest run of
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

/** Parents a saved state says are done: through `completed_through`, and those in `completed_ahead`. */
export interface SavedProgress { through: string | undefined; ahead: Set<string> }

function savedProgress(state: JsonObject | undefined): SavedProgress {
  const through = state?.['completed_through'];
  const ahead = state?.['completed_ahead'];
  return {
    through: typeof through === 'string' ? through : undefined,
    ahead: new Set(Array.isArray(ahead) ? ahead.filter((k): k is string => typeof k === 'string') : []),
  };
}

/**
 * Where a read over parents (in compareKeys order) picks up from the progress a state saved: the
 * parents left to read, and a progress that keeps counting the saved ones as done.
 */
export function resumeParents<P extends { key: string }>(parents: P[], state: JsonObject | undefined): { todo: P[]; progress: ParentProgress } {
  const { through, ahead } = savedProgress(state);
  const after = through === undefined ? parents : parents.filter((p) => compareKeys(p.key, through) > 0);
  return { todo: after.filter((p) => !ahead.has(p.key)), progress: new ParentProgress(after.map((p) => p.key), through, ahead) };
}
