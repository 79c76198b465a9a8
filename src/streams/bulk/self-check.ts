import { CancelledError } from '../../errors.js';
import { cursorValue } from '../cursor.js';
import { readWindows } from '../custom/windows.js';
import { listRequest } from '../list-request.js';
import { fillPath, paginate } from '../paginate.js';
import { recordsOf } from '../records.js';
import type { JsonObject } from '../../json.js';
import type { ListStream, ReadContext, ReadEvent, StreamDefinition, StreamRun, WindowStream } from '../types.js';
import { personField, readPerPerson } from './people.js';

/** Record id -> cursor value, per person of the sample: what the bulk route derived for them. */
export type Derived = Map<string, Map<string, number>>;

/** One person's per-person list (id -> cursor value); undefined when the person is gone (404). */
export type PersonList = (cio: string) => Promise<Map<string, number> | undefined>;

/** Ids named in a difference, at most. */
const NAMED = 5;

function personFields(def: WindowStream | ListStream, cio: string): Record<string, string> {
  return { [personField(def)]: cio };
}

/** Notes a record the bulk route gave a person of the sample, for the comparison. */
export function noteDerived(derived: Derived, cio: string, id: unknown, at: number | undefined): void {
  const ids = derived.get(cio) ?? new Map<string, number>();
  ids.set(String(id), at ?? 0);
  derived.set(cio, ids);
}

/** A per-person delivery list over `range`, in the windows its own read uses. */
export function windowsList(ctx: ReadContext, def: WindowStream, range: { from: number; to: number }): PersonList {
  return async (cio) => {
    const fields = personFields(def, cio);
    let gone = false;
    const ids = new Map<string, number>();
    for await (const e of readWindows(ctx, def, fillPath(def.path, fields), range, undefined, fields, () => { gone = true; })) {
      if (e.type !== 'records') continue;
      for (const r of e.data) ids.set(String(r['id']), cursorValue(r, def.cursor) ?? 0);
    }
    return gone ? undefined : ids;
  };
}

/** A per-person list read whole (the activities endpoint has no time filter). */
export function wholeList(ctx: ReadContext, def: ListStream & { cursor: string }): PersonList {
  return async (cio) => {
    const fields = personFields(def, cio);
    const build = ctx.records.of(def);
    let gone = false;
    const ids = new Map<string, number>();
    for await (const page of paginate(listRequest(ctx, def, { path: fillPath(def.path, fields), fields, tag: def.name, onNotFound: () => { gone = true; } }))) {
      // As records, so that a timestamp sent as text compares as the number the pass derived.
      for (const r of recordsOf(build, page.items, fields)) ids.set(String(r['id']), cursorValue(r, def.cursor) ?? 0);
    }
    return gone ? undefined : ids;
  };
}

function only(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, range: { from: number; to: number }): string[] {
  return [...a].filter(([id, at]) => at >= range.from && at <= range.to && !b.has(id)).map(([id]) => id);
}

/**
 * Reads the per-person lists of the sample and compares them, by record id, with what the bulk
 * route derived for the same people, within `compared` only: records outside it were not read
 * by this sync's bulk read (before a resumed read's start, or newer than the sync). Returns the
 * first difference, or undefined when none. `noun` names the records in the difference.
 */
export async function sampleDifference(sample: readonly string[], list: PersonList, derived: Derived, compared: { from: number; to: number }, noun: string): Promise<string | undefined> {
  const lists = await Promise.all(sample.map(async (cio) => [cio, await list(cio)] as const));
  for (const [cio, listed] of lists) {
    // A person deleted since the search has no list to compare.
    if (listed === undefined) continue;
    const mine = derived.get(cio) ?? new Map<string, number>();
    const missing = only(listed, mine, compared);
    const extra = only(mine, listed, compared);
    if (missing.length === 0 && extra.length === 0) continue;
    const name = (ids: string[]) => ids.slice(0, NAMED).join(', ') + (ids.length > NAMED ? ', …' : '');
    return `person ${cio}: ${missing.length} ${noun} only in the per-person list${missing.length > 0 ? ` (${name(missing)})` : ''}, ${extra.length} only in the workspace list${extra.length > 0 ? ` (${name(extra)})` : ''}`;
  }
  return undefined;
}

/** The check, with an error that is not a cancellation reported as the difference it leaves unknown. */
export async function checkSample(...args: Parameters<typeof sampleDifference>): Promise<string | undefined> {
  try {
    return await sampleDifference(...args);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return `the per-person lists of the sample could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * The end of a stream's bulk route: its final state when the self-check found no difference;
 * else a WARN naming the difference, and the stream read per person for this sync, so that
 * nothing is lost (records already sent may come again).
 */
export async function* settleBulkRoute(ctx: ReadContext, run: StreamRun, definitions: ReadonlyMap<string, StreamDefinition>, difference: string | undefined, state: JsonObject): AsyncGenerator<ReadEvent> {
  const name = run.def.name;
  if (difference === undefined) {
    yield { type: 'state', stream: name, state };
    return;
  }
  yield { type: 'log', level: 'WARN', message: `${name}: the bulk route's self-check found a difference from the per-person lists (${difference}); reading ${name} per person for this sync instead (records already sent may come again; none is lost).` };
  yield* readPerPerson(ctx, run, definitions);
}
