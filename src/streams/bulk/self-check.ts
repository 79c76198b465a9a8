import { CancelledError } from '../../errors.js';
import { cursorValue } from '../cursor.js';
import { readWindows } from '../custom/windows.js';
import { fillPath } from '../paginate.js';
import type { ReadContext, WindowStream } from '../types.js';

/** Delivery id -> created, per person of the sample: what the bulk route derived for them. */
export type Derived = Map<string, Map<string, number>>;

/** Ids named in a difference, at most. */
const NAMED = 5;

/** The per-person list of one person over `range` (id -> created); undefined when the person is gone (404). */
async function perPersonIds(ctx: ReadContext, def: WindowStream, cio: string, range: { from: number; to: number }): Promise<Map<string, number> | undefined> {
  const fields = { [Object.keys(def.parent?.fields ?? {})[0] ?? 'customer_cio_id']: cio };
  let gone = false;
  const ids = new Map<string, number>();
  for await (const e of readWindows(ctx, def, fillPath(def.path, fields), range, undefined, fields, () => { gone = true; })) {
    if (e.type !== 'records') continue;
    for (const r of e.data) ids.set(String(r['id']), cursorValue(r, def.cursor) ?? 0);
  }
  return gone ? undefined : ids;
}

function only(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, from: number): string[] {
  return [...a].filter(([id, created]) => created >= from && !b.has(id)).map(([id]) => id);
}

/**
 * Reads the per-person lists of the sample and compares them, by delivery id, with what the bulk
 * route derived for the same people; deliveries created before `from` (read by an earlier,
 * interrupted sync) are not compared. Returns the first difference, or undefined when none.
 */
export async function sampleDifference(ctx: ReadContext, def: WindowStream, sample: readonly string[], range: { from: number; to: number }, derived: Derived, from: number): Promise<string | undefined> {
  const lists = await Promise.all(sample.map(async (cio) => [cio, await perPersonIds(ctx, def, cio, range)] as const));
  for (const [cio, listed] of lists) {
    // A person deleted since the search has no list to compare.
    if (listed === undefined) continue;
    const mine = derived.get(cio) ?? new Map<string, number>();
    const missing = only(listed, mine, from);
    const extra = only(mine, listed, from);
    if (missing.length === 0 && extra.length === 0) continue;
    const name = (ids: string[]) => ids.slice(0, NAMED).join(', ') + (ids.length > NAMED ? ', …' : '');
    return `person ${cio}: ${missing.length} deliveries only in the per-person list${missing.length > 0 ? ` (${name(missing)})` : ''}, ${extra.length} only in the workspace list${extra.length > 0 ? ` (${name(extra)})` : ''}`;
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
