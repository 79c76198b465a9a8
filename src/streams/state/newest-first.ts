import type { NewestFirstState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';
import { stateNumber } from '../cursor.js';

/**
 * The state of a newest-first list (GET /v1/activities, alone or routed to per-type streams),
 * NewestFirstState in schemas/state/stream_state.json. The cursor (`timestamp`) moves only when a
 * pass completes; until then `pending` holds where the pass is: the page token, the newest
 * timestamp sent, and which type's pass (by index when the config lists types, by name when
 * one per-type stream is read alone).
 */
export interface PendingPass {
  typeIndex: number | undefined;
  type: string | undefined;
  next: string | undefined;
  seen: number | undefined;
  /** Type passes read side by side that are not finished, by index in activity_types, from their token. */
  passes?: Array<{ typeIndex: number; next: string | undefined }> | undefined;
}

export interface SavedNewestFirst { cursor: number | undefined; pending: PendingPass | undefined }

export function parseNewestFirstState(state: JsonObject | undefined): SavedNewestFirst {
  const p = state?.['pending'];
  const pending = isObject(p)
    ? {
        typeIndex: typeof p['type_index'] === 'number' ? p['type_index'] : undefined,
        type: typeof p['type'] === 'string' ? p['type'] : undefined,
        next: typeof p['next'] === 'string' ? p['next'] : undefined,
        seen: typeof p['seen'] === 'number' ? p['seen'] : undefined,
        passes: Array.isArray(p['passes'])
          ? p['passes'].flatMap((x) => (isObject(x) && typeof x['type_index'] === 'number' ? [{ typeIndex: x['type_index'], next: typeof x['next'] === 'string' ? x['next'] : undefined }] : []))
          : undefined,
      }
    : undefined;
  return { cursor: stateNumber(state, 'timestamp'), pending };
}

export function newestFirstStateJson(s: { cursor: number | undefined; pending?: PendingPass | undefined }): NewestFirstState {
  const p = s.pending;
  return {
    ...(s.cursor === undefined ? {} : { timestamp: s.cursor }),
    ...(p === undefined
      ? {}
      : {
          pending: {
            ...(p.typeIndex === undefined ? {} : { type_index: p.typeIndex }),
            ...(p.next === undefined ? {} : { next: p.next }),
            ...(p.seen === undefined ? {} : { seen: p.seen }),
            ...(p.type === undefined ? {} : { type: p.type }),
            ...(p.passes === undefined ? {} : { passes: p.passes.map((x) => ({ type_index: x.typeIndex, ...(x.next === undefined ? {} : { next: x.next }) })) }),
          },
        }),
  };
}
