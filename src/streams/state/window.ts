import type { WindowState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';
import { stateNumber } from '../cursor.js';

/**
 * The state of deliveries read on their own in start_ts/end_ts windows (GET /v1/messages),
 * WindowState in schemas/state/stream_state.json: `created`, everything created up to it has
 * been read; `window`, the window and page in progress while a sync is unfinished.
 */
export interface WindowPosition { start: number; next?: string }

export interface SavedWindows { created: number | undefined; position: WindowPosition | undefined }

/** A position in a windowed read, as saved here or in a tree's `pending`; undefined when there is none. */
export function readWindowPosition(value: unknown): WindowPosition | undefined {
  if (!isObject(value) || typeof value['start'] !== 'number') return undefined;
  return typeof value['next'] === 'string' ? { start: value['start'], next: value['next'] } : { start: value['start'] };
}

export function parseWindowState(field: string, state: JsonObject | undefined): SavedWindows {
  return { created: stateNumber(state, field), position: readWindowPosition(state?.['window']) };
}

export function windowStateJson(s: { created: number | undefined; position?: WindowPosition | undefined }): WindowState {
  return {
    ...(s.created === undefined ? {} : { created: s.created }),
    ...(s.position === undefined ? {} : { window: s.position.next === undefined ? { start: s.position.start } : { start: s.position.start, next: s.position.next } }),
  };
}
