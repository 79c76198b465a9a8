import type { Query } from '../../http/client.js';
import type { JsonObject } from '../../protocol/messages.js';
import { cursorValue, lowerBound, maxDefined, stateNumber, withinBounds } from '../cursor.js';
import { paginate, type Page } from '../paginate.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { isObject } from '../types.js';

/**
 * The timestamps an activities read keeps, [lower, upper], and the saved cursor. Like start_date,
 * end_date bounds incremental reads only: a full refresh reads everything the API retains.
 */
export function activityBounds(ctx: ReadContext, run: StreamRun): { saved: number | undefined; lower: number | undefined; upper: number | undefined } {
  if (run.syncMode !== 'incremental') return { saved: undefined, lower: undefined, upper: undefined };
  const saved = stateNumber(run.state, 'timestamp');
  return { saved, lower: lowerBound(saved, ctx.config.lookbackSeconds, ctx.config), upper: ctx.config.endDate };
}

/** The query of one pass: a type filter when one type is read, and the deleted people when asked for. */
export function activitiesQuery(ctx: ReadContext, type: string | undefined): Query {
  return { ...(type === undefined ? {} : { type }), ...(ctx.config.includeDeletedPeople ? { deleted: true } : {}) };
}

/**
 * The pages of one pass over GET /v1/activities, newest first. The first page wholly older than
 * `stopBelow` ends the pass: it is yielded without a token, as the last page.
 */
export async function* activityPages(ctx: ReadContext, def: StreamDefinition, query: Query, startAt: string | undefined, stopBelow: number | undefined, tag: string): AsyncGenerator<Page> {
  for await (const page of paginate({ client: ctx.client, method: 'GET', path: def.path, envelope: def.envelope, pagination: def.pagination, query, startAt, tag })) {
    const older = (item: unknown) => {
      const ts = isObject(item) ? cursorValue(item, 'timestamp') : undefined;
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
export async function* readActivities(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const { saved, lower: bound, upper } = activityBounds(ctx, run);
  const pendingRaw = run.state?.['pending'];
  const pending = isObject(pendingRaw) && typeof pendingRaw['type_index'] === 'number' ? pendingRaw : undefined;
  let newest = pending && typeof pending['seen'] === 'number' ? pending['seen'] : undefined;
  const types = ctx.config.activityTypes.length > 0 ? ctx.config.activityTypes : [undefined];
  const base = (): JsonObject => (saved === undefined ? {} : { timestamp: saved });

  // One pass per selected type (the API filters one type at a time); without a filter, one pass.
  for (let t = 0; t < types.length; t++) {
    const type = types[t];
    if (pending && typeof pending['type_index'] === 'number' && t < pending['type_index']) continue;
    const startAt = pending && pending['type_index'] === t && typeof pending['next'] === 'string' ? pending['next'] : undefined;
    for await (const page of activityPages(ctx, def, activitiesQuery(ctx, type), startAt, bound, def.name)) {
      const records: JsonObject[] = [];
      for (const item of page.items) {
        if (!isObject(item)) continue;
        const ts = cursorValue(item, 'timestamp');
        // Newer than end_date: skipped, but not a reason to stop, as older pages follow.
        if (ts !== undefined && !withinBounds(ts, bound, upper)) continue;
        newest = maxDefined(newest, ts);
        records.push(recordOf(def, item) ?? item);
      }
      if (records.length > 0) yield { type: 'records', stream: def.name, data: records };
      if (page.next !== undefined) {
        yield { type: 'state', stream: def.name, state: { ...base(), pending: { type_index: t, next: page.next, ...(newest === undefined ? {} : { seen: newest }) } } };
      }
    }
    // The last page of a type has no token to save: the next type's first page is where to resume.
    if (t + 1 < types.length) yield { type: 'state', stream: def.name, state: { ...base(), pending: { type_index: t + 1, ...(newest === undefined ? {} : { seen: newest }) } } };
  }
  const final = incremental ? maxDefined(saved, newest) : undefined;
  yield { type: 'state', stream: def.name, state: final === undefined ? {} : { timestamp: final } };
}
