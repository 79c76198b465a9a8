import type { JsonObject } from '../../protocol/messages.js';
import { cursorValue, maxDefined, withinBounds } from '../cursor.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';
import { isObject } from '../types.js';
import { activitiesQuery, activityBounds, activityPages } from './activities.js';

/** One per-type stream in the shared pass: its bounds and the newest timestamp it has sent. */
interface Slot {
  run: StreamRun;
  saved: number | undefined;
  lower: number | undefined;
  upper: number | undefined;
  newest: number | undefined;
}

/** Where a stream stopped in an earlier attempt: the page token, its newest timestamp, and the type filter the pass used. */
interface Pending { next: string; seen: number | undefined; type: string | undefined }

function pendingOf(state: JsonObject | undefined): Pending | undefined {
  const p = state?.['pending'];
  if (!isObject(p) || typeof p['next'] !== 'string') return undefined;
  return { next: p['next'], seen: typeof p['seen'] === 'number' ? p['seen'] : undefined, type: typeof p['type'] === 'string' ? p['type'] : undefined };
}

/** Which slot an activity of `type` goes to: its type's stream, else the catch-all unless the type has a stream that was not selected. */
function router(slots: Slot[]): (type: unknown) => Slot | undefined {
  const byType = new Map<string, Slot>();
  let other: { slot: Slot; except: ReadonlySet<string> } | undefined;
  for (const slot of slots) {
    const route = slot.run.def.activities;
    if (route === undefined) continue;
    if ('type' in route) byType.set(route.type, slot);
    else other = { slot, except: new Set(route.otherThan) };
  }
  return (type) => {
    const own = typeof type === 'string' ? byType.get(type) : undefined;
    if (own !== undefined || other === undefined) return own;
    return typeof type === 'string' && other.except.has(type) ? undefined : other.slot;
  };
}

/**
 * The per-type activities streams selected together share one pass over GET /v1/activities,
 * newest first: each activity goes to its type's stream, which keeps it within its own bounds
 * (its cursor minus the lookback, and end_date). The pass asks the API for one type only when one
 * type's stream is selected, and stops early only once a page is older than every stream's bound.
 * Each stream saves its own state: its cursor, and while the pass runs the page token, so an
 * interrupted pass resumes at that page when every stream saved the same one.
 */
export async function* readActivityTypes(ctx: ReadContext, runs: StreamRun[]): AsyncGenerator<ReadEvent> {
  const first = runs[0];
  if (first === undefined) return;
  const slots: Slot[] = runs.map((run) => ({ run, ...activityBounds(ctx, run), newest: undefined }));
  const route = router(slots);
  const only = runs.length === 1 && first.def.activities !== undefined && 'type' in first.def.activities ? first.def.activities.type : undefined;
  const pending = runs.map((r) => pendingOf(r.state));
  const resume = pending.every((p) => p !== undefined && p.next === pending[0]?.next && p.type === only) ? pending : undefined;
  if (resume) slots.forEach((s, i) => { s.newest = resume[i]?.seen; });
  const lowers = slots.map((s) => s.lower);
  const stopBelow = lowers.every((l): l is number => l !== undefined) ? Math.min(...lowers) : undefined;
  const base = (s: Slot): JsonObject => (s.saved === undefined ? {} : { timestamp: s.saved });

  // The pass's requests are counted under its first stream, so the streams' summaries add up to what was sent.
  for await (const page of activityPages(ctx, first.def, activitiesQuery(ctx, only), resume?.[0]?.next, stopBelow, first.def.name)) {
    const bySlot = new Map<Slot, JsonObject[]>();
    for (const item of page.items) {
      if (!isObject(item)) continue;
      const slot = route(item['type']);
      if (slot === undefined) continue;
      const ts = cursorValue(item, 'timestamp');
      if (ts !== undefined && !withinBounds(ts, slot.lower, slot.upper)) continue;
      slot.newest = maxDefined(slot.newest, ts);
      const list = bySlot.get(slot) ?? [];
      list.push(recordOf(slot.run.def, item) ?? item);
      bySlot.set(slot, list);
    }
    for (const [slot, records] of bySlot) yield { type: 'records', stream: slot.run.def.name, data: records };
    if (page.next === undefined) continue;
    for (const s of slots) {
      const at = { next: page.next, ...(s.newest === undefined ? {} : { seen: s.newest }), ...(only === undefined ? {} : { type: only }) };
      yield { type: 'state', stream: s.run.def.name, state: { ...base(s), pending: at } };
    }
  }
  for (const s of slots) {
    const final = s.run.syncMode === 'incremental' ? maxDefined(s.saved, s.newest) : undefined;
    yield { type: 'state', stream: s.run.def.name, state: final === undefined ? {} : { timestamp: final } };
  }
}
