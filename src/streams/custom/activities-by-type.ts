import type { JsonObject } from '../../json.js';
import { cursorValue, maxDefined, withinBounds } from '../cursor.js';
import { newestFirstStateJson, parseNewestFirstState } from '../state/newest-first.js';
import type { NewestFirstStream, ReadContext, ReadEvent, RoutedStream, StreamRun } from '../types.js';
import { mergeConcurrent } from '../concurrent.js';
import { activitiesQuery, activityBounds, activityPages, type PassSlot } from './activities.js';
import { MAX_SLICES } from './slices.js';

/** One per-type stream in the shared pass. */
interface Slot extends PassSlot {
  def: RoutedStream;
}

/** Which slot an activity of `type` goes to: its type's stream, else the catch-all unless the type has a stream that was not selected. */
function router(slots: Slot[]): (type: unknown) => Slot | undefined {
  const byType = new Map<string, Slot>();
  let other: { slot: Slot; except: ReadonlySet<string> } | undefined;
  for (const slot of slots) {
    const route = slot.def.route;
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
 * The per-type activities streams selected together share one pass over their newest-first list:
 * each activity goes to its type's stream, which keeps it within its own bounds (its cursor minus
 * the lookback, and end_date). The pass asks the API for one type only when one type's stream is
 * selected, and stops early only once a page is older than every stream's bound. Each stream saves
 * its own state: its cursor, and while the pass runs the page token, so an interrupted pass
 * resumes at that page when every stream saved the same one.
 */
async function* readSharedPass(ctx: ReadContext, list: NewestFirstStream, runs: Array<StreamRun & { def: RoutedStream }>): AsyncGenerator<ReadEvent> {
  const first = runs[0];
  if (first === undefined) return;
  const slots: Slot[] = runs.map((run) => ({ def: run.def, run, build: ctx.records.of(run.def), ...activityBounds(ctx, run), newest: undefined }));
  const route = router(slots);
  const firstRoute = first.def.route;
  const only = runs.length === 1 && 'type' in firstRoute ? firstRoute.type : undefined;
  const pending = runs.map((r) => parseNewestFirstState(r.state).pending);
  const resume = pending.every((p) => p?.next !== undefined && p.next === pending[0]?.next && p.type === only) ? pending : undefined;
  if (resume) slots.forEach((s, i) => { s.newest = resume[i]?.seen; });
  const lowers = slots.map((s) => s.lower);
  const stopBelow = lowers.every((l): l is number => l !== undefined) ? Math.min(...lowers) : undefined;

  // The pass's requests are counted under its first stream, so the streams' summaries add up to what was sent.
  for await (const page of activityPages(ctx, list, activitiesQuery(ctx, only), resume?.[0]?.next, stopBelow, first.def.name)) {
    const bySlot = new Map<Slot, JsonObject[]>();
    for (const item of page.items) {
      const slot = route(typeof item === 'object' && item !== null ? (item as JsonObject)['type'] : undefined);
      if (slot === undefined) continue;
      const record = slot.build(item);
      if (record === undefined) continue;
      const ts = cursorValue(record, list.cursor);
      if (ts !== undefined && !withinBounds(ts, slot.lower, slot.upper)) continue;
      slot.newest = maxDefined(slot.newest, ts);
      const records = bySlot.get(slot) ?? [];
      records.push(record);
      bySlot.set(slot, records);
    }
    for (const [slot, records] of bySlot) yield { type: 'records', stream: slot.def.name, data: records };
    if (page.next === undefined) continue;
    for (const s of slots) {
      const state = newestFirstStateJson({ cursor: s.saved, pending: { typeIndex: undefined, type: only, next: page.next, seen: s.newest } });
      yield { type: 'state', stream: s.def.name, state: { ...state } };
    }
  }
  for (const s of slots) {
    const final = s.run.syncMode === 'incremental' ? maxDefined(s.saved, s.newest) : undefined;
    yield { type: 'state', stream: s.def.name, state: { ...newestFirstStateJson({ cursor: final }) } };
  }
}

/**
 * The per-type streams: when each holds one named type (activity_types configured), each reads
 * its own pass with the API's type filter, side by side, so that no pass waits on another's round
 * trips; otherwise (every known type and the catch-all) one shared pass routes each activity.
 */
export async function* readRoutedActivities(ctx: ReadContext, list: NewestFirstStream, runs: Array<StreamRun & { def: RoutedStream }>): AsyncGenerator<ReadEvent> {
  if (runs.length < 2 || !runs.every((r) => 'type' in r.def.route)) {
    yield* readSharedPass(ctx, list, runs);
    return;
  }
  yield* mergeConcurrent(runs, Math.min(runs.length, MAX_SLICES), async (run, push: (e: ReadEvent) => Promise<void>) => {
    for await (const e of readSharedPass(ctx, list, [run])) await push(e);
  }, 4 * runs.length);
}
