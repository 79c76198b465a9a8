import type { Query } from '../../http/client.js';
import { isObject, type JsonObject } from '../../json.js';
import { cursorValue, lowerBound, maxDefined, withinBounds } from '../cursor.js';
import { paginate, type Page } from '../paginate.js';
import { newestFirstStateJson, parseNewestFirstState, type PendingPass } from '../state/newest-first.js';
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

/**
 * GET /v1/activities, newest first. Incremental reads stop at the first page wholly older than
 * the saved cursor minus the lookback. Because the order is newest first, the cursor can only move
 * once the read is complete; until then state keeps the old cursor plus the page token and the
 * newest timestamp seen, so a killed sync resumes at the page it stopped on.
 */
export async function* readActivities(ctx: ReadContext, run: StreamRun & { def: NewestFirstStream }): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const { saved, lower: bound, upper } = activityBounds(ctx, run);
  const given = parseNewestFirstState(run.state).pending;
  const pending = given?.typeIndex === undefined ? undefined : given;
  let newest = pending?.seen;
  const types = ctx.config.activityTypes.length > 0 ? ctx.config.activityTypes : [undefined];
  const build = ctx.records.of(def);
  const stateAt = (p: PendingPass | undefined) => ({ ...newestFirstStateJson({ cursor: saved, pending: p }) });

  // One pass per selected type (the API filters one type at a time); without a filter, one pass.
  for (let t = 0; t < types.length; t++) {
    if (pending?.typeIndex !== undefined && t < pending.typeIndex) continue;
    const startAt = pending?.typeIndex === t ? pending.next : undefined;
    for await (const page of activityPages(ctx, def, activitiesQuery(ctx, types[t]), startAt, bound, def.name)) {
      const records: JsonObject[] = [];
      for (const item of page.items) {
        const record = build(item);
        if (record === undefined) continue;
        const ts = cursorValue(record, def.cursor);
        // Newer than end_date: skipped, but not a reason to stop, as older pages follow.
        if (ts !== undefined && !withinBounds(ts, bound, upper)) continue;
        newest = maxDefined(newest, ts);
        records.push(record);
      }
      if (records.length > 0) yield { type: 'records', stream: def.name, data: records };
      if (page.next !== undefined) yield { type: 'state', stream: def.name, state: stateAt({ typeIndex: t, type: undefined, next: page.next, seen: newest }) };
    }
    // The last page of a type has no token to save: the next type's first page is where to resume.
    if (t + 1 < types.length) yield { type: 'state', stream: def.name, state: stateAt({ typeIndex: t + 1, type: undefined, next: undefined, seen: newest }) };
  }
  yield { type: 'state', stream: def.name, state: { ...newestFirstStateJson({ cursor: incremental ? maxDefined(saved, newest) : undefined }) } };
}
