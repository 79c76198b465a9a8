import type { Query } from '../../http/client.js';
import { isObject, type JsonObject } from '../../json.js';
import { cursorValue, lowerBound, maxDefined, withinBounds } from '../cursor.js';
import { paginate, type Page } from '../paginate.js';
import { mergeConcurrent } from '../concurrent.js';
import { newestFirstStateJson, parseNewestFirstState } from '../state/newest-first.js';
import { MAX_SLICES } from './slices.js';
import type { RecordBuilder } from '../records.js';
import type { NewestFirstStream, ReadContext, ReadEvent, StreamRun } from '../types.js';

/**
 * The timestamps an activities read keeps, [lower, upper], and the saved cursor. Like start_date,
 * end_date bounds incremental reads only: a full refresh reads everything the API retains.
 */
export function activityBounds(ctx: ReadContext, run: StreamRun): { saved: number | undefined; lower: number | undefined; upper: number | undefined } {
  if (run.syncMode !== 'incremental') return { saved: undefined, lower: undefined, upper: undefined };
  const saved = parseNewestFirstState(run.state).cursor;
  return { saved, lower: lowerBound(saved, ctx.config.lookbackSeconds, ctx.config.startDate), upper: ctx.config.endDate };
}

/** A stream fed by a pass over the activities list: its record function, its bounds, and the newest timestamp it has sent. */
export interface PassSlot {
  run: StreamRun;
  build: RecordBuilder;
  saved: number | undefined;
  lower: number | undefined;
  upper: number | undefined;
  newest: number | undefined;
}

/** The query of one pass: a type filter when one type is read, and the deleted people when asked for. */
export function activitiesQuery(ctx: ReadContext, type: string | undefined): Query {
  return { ...(type === undefined ? {} : { type }), ...(ctx.config.includeDeletedPeople ? { deleted: true } : {}) };
}

/**
 * The pages of one pass over a newest-first list. The first page wholly older than `stopBelow`
 * ends the pass: it is yielded without a token, as the last page.
 */
export async function* activityPages(ctx: ReadContext, def: NewestFirstStream, query: Query, startAt: string | undefined, stopBelow: number | undefined, tag: string): AsyncGenerator<Page> {
  for await (const page of paginate({ client: ctx.client, method: 'GET', path: def.path, envelope: def.envelope, pagination: def.pagination, query, startAt, tag })) {
    const older = (item: unknown) => {
      const ts = isObject(item) ? cursorValue(item, def.cursor) : undefined;
      return stopBelow !== undefined && ts !== undefined && ts < stopBelow;
    };
    if (page.items.length > 0 && page.items.every(older)) {
      yield { items: page.items, next: undefined };
      return;
    }
    yield page;
  }
}

/** What one type pass reports: its kept records, then where it is (undefined: done). */
type PassEvent = { type: 'records'; data: JsonObject[]; newest: number | undefined } | { type: 'moved'; typeIndex: number; next: string | undefined };

/**
 * GET /v1/activities, newest first. Incremental reads stop at the first page wholly older than
 * the saved cursor minus the lookback. Because the order is newest first, the cursor can only move
 * once the read is complete; until then state keeps the old cursor plus where each pass is and the
 * newest timestamp seen, so a killed sync resumes at the pages it stopped on. With activity_types
 * configured, the API filters one type a request: the passes, each a chain of pages, run side by
 * side so that the round trip does not set the pace.
 */
export async function* readActivities(ctx: ReadContext, run: StreamRun & { def: NewestFirstStream }): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const { saved, lower: bound, upper } = activityBounds(ctx, run);
  const given = parseNewestFirstState(run.state).pending;
  const types = ctx.config.activityTypes.length > 0 ? ctx.config.activityTypes : [undefined];
  const build = ctx.records.of(def);
  let newest = given?.seen;
  // Where each pass starts: as saved side by side; as a build that read them in turn saved them
  // (the passes before type_index done); or every pass from its first page.
  const open = new Map<number, string | undefined>(
    given?.passes !== undefined
      ? given.passes.filter((p) => p.typeIndex < types.length).map((p) => [p.typeIndex, p.next])
      : types.map((_, t) => t).filter((t) => given?.typeIndex === undefined || t >= given.typeIndex).map((t) => [t, t === given?.typeIndex ? given.next : undefined]),
  );
  const stateNow = () => ({
    ...newestFirstStateJson({
      cursor: saved,
      pending: { typeIndex: undefined, type: undefined, next: undefined, seen: newest, passes: [...open].map(([typeIndex, next]) => ({ typeIndex, next })) },
    }),
  });
  const passes = mergeConcurrent([...open], Math.min(open.size, MAX_SLICES), async ([t, startAt], push: (e: PassEvent) => Promise<void>) => {
    for await (const page of activityPages(ctx, def, activitiesQuery(ctx, types[t]), startAt, bound, def.name)) {
      const records: JsonObject[] = [];
      let pageNewest: number | undefined;
      for (const item of page.items) {
        const record = build(item);
        if (record === undefined) continue;
        const ts = cursorValue(record, def.cursor);
        // Newer than end_date: skipped, but not a reason to stop, as older pages follow.
        if (ts !== undefined && !withinBounds(ts, bound, upper)) continue;
        pageNewest = maxDefined(pageNewest, ts);
        records.push(record);
      }
      await push({ type: 'records', data: records, newest: pageNewest });
      await push({ type: 'moved', typeIndex: t, next: page.next });
    }
    // Events are whole pages: a pass may run a page or two ahead of stdout, no more.
  }, 4 * open.size);
  for await (const e of passes) {
    if (e.type === 'records') {
      newest = maxDefined(newest, e.newest);
      if (e.data.length > 0) yield { type: 'records', stream: def.name, data: e.data };
      continue;
    }
    if (e.next === undefined) open.delete(e.typeIndex);
    else open.set(e.typeIndex, e.next);
    if (open.size > 0) yield { type: 'state', stream: def.name, state: stateNow() };
  }
  yield { type: 'state', stream: def.name, state: { ...newestFirstStateJson({ cursor: incremental ? maxDefined(saved, newest) : undefined }) } };
}
