import { isObject, valueAt, type JsonObject } from '../../json.js';
import { cursorValue, itemTimes, maxDefined, withinBounds } from '../cursor.js';
import { activitiesQuery, activityBounds, activityPages, readActivities, type PassSlot } from '../custom/activities.js';
import type { PlanNode } from '../plan/plan.js';
import { newestFirstStateJson, parseNewestFirstState, type PendingPass } from '../state/newest-first.js';
import type { NewestFirstStream, PeopleSet, ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { peopleSetFor, personField, readPerPerson } from './people.js';
import { routeLog, weighActivitiesRoute } from './route.js';
import { checkSample, noteDerived, settleBulkRoute, wholeList, type Derived } from './self-check.js';

/** One stream fed by the pass: `activities` itself, or a per-person stream on its bulk route. */
interface Slot extends PassSlot {
  /** Per-person streams: where each record's person is named, and what the sample got. */
  person?: { at: readonly string[]; field: string; derived: Derived };
  /** What the pass read of the slot's range, when not all of it (a resumed pass): the self-check compares only that. */
  read?: { from: number; to: number };
}

function slotOf(ctx: ReadContext, run: StreamRun): Slot {
  const bulk = run.def.bulk;
  return {
    run,
    build: ctx.records.of(run.def),
    ...activityBounds(ctx, run),
    newest: undefined,
    ...(bulk === undefined ? {} : { person: { at: bulk.person, field: personField(run.def), derived: new Map() } }),
  };
}

/**
 * The page token a saved pending pass stopped at, when it is one untyped pass: as this reader and
 * readActivities save it (one pass, index 0), or as a shared pass saves it.
 */
function savedToken(p: PendingPass | undefined): string | undefined {
  if (p === undefined || p.type !== undefined) return undefined;
  if (p.passes !== undefined) return p.passes.length === 1 && p.passes[0]?.typeIndex === 0 ? p.passes[0].next : undefined;
  return p.typeIndex === undefined || p.typeIndex === 0 ? p.next : undefined;
}

/** The state of a slot while the pass is at `next`, in readActivities' shape, so that either reader resumes the other. */
function pendingState(s: Slot, next: string): JsonObject {
  return { ...newestFirstStateJson({ cursor: s.saved, pending: { typeIndex: undefined, type: undefined, next: undefined, seen: s.newest, passes: [{ typeIndex: 0, next }] } }) };
}

/**
 * One pass over GET /v1/activities, newest first, for `activities` (when selected) and for
 * customer_activities on its bulk route: each activity goes to the person its
 * customer_identifiers name, kept only for people of this sync's people search (a deleted
 * person's activity is no customer_activities record), as their own list would have sent it.
 * Each stream keeps its own bounds and cursor; the pass stops early only below every stream's
 * bound. Then the self-check: the sample's own lists (read whole, as the endpoint has no time
 * filter) against what the pass gave them, within the range it read; on a difference the stream is
 * read per person for this sync, so that nothing is lost (records already sent may come again).
 */
export async function* readBulkActivities(ctx: ReadContext, root: PlanNode, def: NewestFirstStream, definitions: ReadonlyMap<string, StreamDefinition>): AsyncGenerator<ReadEvent> {
  const own = root.run;
  const candidates = root.children.flatMap((c) => (c.run !== undefined && c.def.bulk !== undefined ? [{ ...c.run, def: c.def }] : []));
  const first = candidates[0];
  if (first === undefined) {
    if (own !== undefined) yield* readActivities(ctx, { ...own, def });
    return;
  }
  const people = await peopleSetFor(ctx, first.def, definitions);
  const routed: Slot[] = [];
  for (const run of candidates) {
    const { bulk, why } = await weighActivitiesRoute(ctx, def, people, activityBounds(ctx, run).lower, own !== undefined);
    yield routeLog(run.def.name, bulk, def, why);
    if (bulk) routed.push(slotOf(ctx, run));
    else yield* readPerPerson(ctx, run, definitions);
  }
  if (routed.length === 0) {
    if (own !== undefined) yield* readActivities(ctx, { ...own, def });
    return;
  }
  const slots = [...(own === undefined ? [] : [slotOf(ctx, { ...own, def })]), ...routed];
  yield* sharedPass(ctx, def, slots, people);

  for (const s of routed) {
    const list = s.run.def;
    if (list.read !== 'list' || s.person === undefined) continue;
    const difference = await checkSample(people.sample, wholeList(ctx, { ...list, cursor: def.cursor }), s.person.derived, compared(ctx, s), 'activities');
    const cursor = s.run.syncMode === 'incremental' ? maxDefined(s.saved, s.newest) : undefined;
    yield* settleBulkRoute(ctx, s.run, definitions, difference, { ...newestFirstStateJson({ cursor }) });
  }
}

/** What the self-check compares: the slot's range, up to the sync's start (later activities may reach only the per-person lists). */
function compared(ctx: ReadContext, s: Slot): { from: number; to: number } {
  return s.read ?? { from: s.lower ?? -Infinity, to: Math.min(s.upper ?? Infinity, ctx.syncStartedAt) };
}

/** The pass itself, resumed at the page every slot saved when they agree (else from the first page: repeats, loses nothing). */
async function* sharedPass(ctx: ReadContext, def: NewestFirstStream, slots: Slot[], people: PeopleSet): AsyncGenerator<ReadEvent> {
  const pending = slots.map((s) => parseNewestFirstState(s.run.state).pending);
  const tokens = pending.map(savedToken);
  const resume = tokens.every((t) => t !== undefined && t === tokens[0]) ? tokens[0] : undefined;
  if (resume !== undefined) slots.forEach((s, i) => { s.newest = pending[i]?.seen; });
  const lowers = slots.map((s) => s.lower);
  const stopBelow = lowers.every((l): l is number => l !== undefined) ? Math.min(...lowers) : undefined;
  const sample = new Set(people.sample);
  let oldestOfFirstPage: number | undefined;

  // The pass's requests are counted under its first stream, so the summaries add up to what was sent.
  for await (const page of activityPages(ctx, def, activitiesQuery(ctx, undefined), resume, stopBelow, slots[0]?.run.def.name ?? def.name)) {
    if (oldestOfFirstPage === undefined) {
      const times = itemTimes(page.items, def.cursor);
      oldestOfFirstPage = times.length > 0 ? Math.min(...times) : ctx.syncStartedAt;
    }
    for (const s of slots) {
      const data = slotRecords(s, page.items, people, sample, def.cursor);
      if (data.length > 0) yield { type: 'records', stream: s.run.def.name, data };
    }
    if (page.next === undefined) continue;
    for (const s of slots) yield { type: 'state', stream: s.run.def.name, state: pendingState(s, page.next) };
  }
  for (const s of slots) {
    // A resumed pass did not read the pages before its token: the check compares what is older than them.
    const range = compared(ctx, s);
    if (resume !== undefined && oldestOfFirstPage !== undefined) s.read = { from: range.from, to: Math.min(range.to, oldestOfFirstPage - 1) };
    if (s.person !== undefined) continue;
    const cursor = s.run.syncMode === 'incremental' ? maxDefined(s.saved, s.newest) : undefined;
    yield { type: 'state', stream: s.run.def.name, state: { ...newestFirstStateJson({ cursor }) } };
  }
}

/** The records one page gives a slot: within its bounds, and for a per-person stream only its people's, the sample's noted. */
function slotRecords(s: Slot, items: readonly unknown[], people: PeopleSet, sample: ReadonlySet<string>, cursor: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    let who: string | undefined;
    let record: JsonObject | undefined;
    if (s.person === undefined) record = s.build(item);
    else {
      const named = valueAt(item, s.person.at);
      // Activities of people outside the search (deleted, or filtered out) are not a per-person stream's.
      if (typeof named !== 'string' || !people.ids.has(named)) continue;
      who = named;
      record = s.build(s.run.def.bulk?.toItem(item) ?? item, { [s.person.field]: who });
    }
    if (record === undefined) continue;
    const ts = cursorValue(record, cursor);
    // Newer than end_date: skipped, but not a reason to stop, as older pages follow.
    if (ts !== undefined && !withinBounds(ts, s.lower, s.upper)) continue;
    s.newest = maxDefined(s.newest, ts);
    out.push(record);
    if (s.person !== undefined && who !== undefined && sample.has(who)) noteDerived(s.person.derived, who, record['id'], ts);
  }
  return out;
}
