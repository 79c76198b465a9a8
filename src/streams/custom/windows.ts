import type { JsonObject } from '../../protocol/messages.js';
import { stateNumber } from '../cursor.js';
import { paginate } from '../paginate.js';
import { recordOf } from '../shape.js';
import type { EncodedRecords, ReadContext, RecordFilter, StreamDefinition, StreamRun } from '../types.js';
import { isObject } from '../types.js';

/**
 * The range one request covers when the stream's row names none: 6 months, the cap of the
 * delivery endpoints that document one (API.md §1.6). Wider ranges are cut silently by the API.
 */
export const WINDOW_SECONDS = 180 * 86_400;
/**
 * Without start_date a first sync reaches back 360 days: about the 12 months the delivery
 * endpoints serve, in two 6-month windows or one 12-month one.
 */
export const DEFAULT_HISTORY_SECONDS = 2 * WINDOW_SECONDS - 1;

export interface WindowPosition { start: number; next?: string }

export function readWindowPosition(value: unknown): WindowPosition | undefined {
  if (!isObject(value) || typeof value['start'] !== 'number') return undefined;
  return typeof value['next'] === 'string' ? { start: value['start'], next: value['next'] } : { start: value['start'] };
}

/**
 * Where a windowed read starts and ends (inclusive unix seconds), from the state and config. It
 * ends at end_date when that comes before the sync; the default history still counts back from
 * the sync, since it is what the API retains.
 */
export function windowRange(ctx: ReadContext, run: StreamRun): { from: number; to: number; saved: number | undefined } {
  const to = Math.min(ctx.syncStartedAt, ctx.config.endDate ?? Infinity);
  const field = run.def.cursor?.field ?? 'created';
  const saved = run.syncMode === 'incremental' ? stateNumber(run.state, field) : undefined;
  const floor = ctx.config.startDate ?? ctx.syncStartedAt - DEFAULT_HISTORY_SECONDS;
  const from = saved === undefined ? floor : Math.max(floor, saved - ctx.config.messagesLookbackSeconds);
  return { from, to, saved };
}

export type WindowEvent =
  | { type: 'records'; data: JsonObject[] }
  | { type: 'encoded'; data: EncodedRecords }
  /** Everything up to `position` is emitted; `position` undefined means the whole range is done. */
  | { type: 'progress'; position: WindowPosition | undefined };

/**
 * Reads deliveries created in [from, to] through start_ts/end_ts, oldest window first, and
 * reports progress after every page so a killed sync resumes at that page.
 */
export async function* readWindows(
  ctx: ReadContext,
  def: StreamDefinition,
  path: string,
  range: { from: number; to: number },
  resume: WindowPosition | undefined,
  extra: JsonObject | undefined,
  onNotFound?: () => void,
): AsyncGenerator<WindowEvent> {
  let start = resume?.start ?? range.from;
  let token = resume?.next;
  let gone = false;
  // The message types chosen, as a filter both paths apply (encoded pages inside the encoder).
  const types = ctx.config.messageTypes;
  const keep: RecordFilter | undefined = types.length > 0 ? { field: 'type', values: types } : undefined;
  const encoder = ctx.encoders?.(def, extra, keep);
  while (start <= range.to && !gone) {
    const end = Math.min(start + (def.windowDays === undefined ? WINDOW_SECONDS : def.windowDays * 86_400) - 1, range.to);
    for await (const page of paginate({
      client: ctx.client,
      method: 'GET',
      path,
      envelope: def.envelope,
      pagination: def.pagination,
      query: { ...def.query, ...def.configQuery?.(ctx.config), start_ts: start, end_ts: end },
      startAt: token,
      tag: def.name,
      encoder,
      ...(onNotFound ? { onNotFound: () => { gone = true; onNotFound(); } } : {}),
    })) {
      if (page.encoded !== undefined) {
        if (page.encoded.count > 0 || page.encoded.dropped.length > 0) yield { type: 'encoded', data: page.encoded };
      } else {
        const records: JsonObject[] = [];
        for (const item of page.items) {
          const own = recordOf(def, item);
          if (own === undefined) continue;
          const record = extra === undefined ? own : { ...own, ...extra };
          if (keep === undefined || keep.values.includes(String(record[keep.field]))) records.push(record);
        }
        if (records.length > 0) yield { type: 'records', data: records };
      }
      if (page.next !== undefined) yield { type: 'progress', position: { start, next: page.next } };
    }
    token = undefined;
    start = end + 1;
    if (start <= range.to) yield { type: 'progress', position: { start } };
  }
  yield { type: 'progress', position: undefined };
}
