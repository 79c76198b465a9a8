import type { JsonObject } from '../../protocol/messages.js';
import { cursorValue, lowerBound, maxDefined, stateNumber } from '../cursor.js';
import { paginate } from '../paginate.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';
import { isObject } from '../types.js';

/**
 * GET /v1/activities, newest first. Incremental reads stop at the first page wholly older than
 * the saved cursor minus the lookback. Because the order is newest first, the cursor can only move
 * once the read is complete; until then state keeps the old cursor plus the page token and the
 * newest timestamp seen, so a killed sync resumes at the page it stopped on.
 */
export async function* readActivities(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const saved = incremental ? stateNumber(run.state, 'timestamp') : undefined;
  const bound = incremental ? lowerBound(saved, ctx.config.lookbackSeconds, ctx.config) : undefined;
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
    const query = { ...(type === undefined ? {} : { type }), ...(ctx.config.includeDeletedPeople ? { deleted: true } : {}) };
    for await (const page of paginate({ client: ctx.client, method: 'GET', path: def.path, envelope: def.envelope, pagination: def.pagination, query, startAt, tag: def.name })) {
      let older = 0;
      for (const item of page.items) {
        if (!isObject(item)) continue;
        const ts = cursorValue(item, 'timestamp');
        if (bound !== undefined && ts !== undefined && ts < bound) {
          older++;
          continue;
        }
        newest = maxDefined(newest, ts);
        yield { type: 'record', stream: def.name, data: recordOf(def, item) ?? item };
      }
      if (bound !== undefined && page.items.length > 0 && older === page.items.length) break;
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
