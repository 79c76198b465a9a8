import type { WindowState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';
import { stateNumber } from '../cursor.js';

/**
 * The state of deliveries read on their own in start_ts/end_ts windows (GET /v1/messages),
 * WindowState in schemas/state/stream_state.json: `created`, everything created up to it has
 * been read; `window`, the window and page in progress while a sync is unfinished.
 */
/**
 * A range of a window read as its own chain: start_ts/end_ts, from the page token `next` (none:
 * its first page), keeping the records at or after `from` when it shares its query with older slices.
 */
export interface WindowSlice { start: number; end: number; next?: string; from?: number }

/**
 * Where a windowed read is: windows from `start` on are not begun; `slices`, the parts of begun
 * windows still to read. `next` alone is the single chain of the window at `start`, as builds
 * before slices saved it.
 */
export interface WindowPosition { start: number; next?: string; slices?: WindowSlice[] }

function readSlice(value: unknown): WindowSlice | undefined {
  if (!isObject(value) || typeof value['start'] !== 'number' || typeof value['end'] !== 'number') return undefined;
  return {
    start: value['start'],
    end: value['end'],
    ...(typeof value['next'] === 'string' ? { next: value['next'] } : {}),
    ...(typeof value['from'] === 'number' ? { from: value['from'] } : {}),
  };
}

export interface SavedWindows { created: number | undefined; position: WindowPosition | undefined }

/** A position in a windowed read, as saved here or in a tree's `pending`; undefined when there is none. */
export function readWindowPosition(value: unknown): WindowPosition | undefined {
  if (!isObject(value) || typeof value['start'] !== 'number') return undefined;
  const slices = Array.isArray(value['slices']) ? value['slices'].map(readSlice).filter((x): x is WindowSlice => x !== undefined) : undefined;
  return {
    start: value['start'],
    ...(typeof value['next'] === 'string' ? { next: value['next'] } : {}),
    ...(slices === undefined || slices.length === 0 ? {} : { slices }),
  };
}

export function parseWindowState(field: string, state: JsonObject | undefined): SavedWindows {
  return { created: stateNumber(state, field), position: readWindowPosition(state?.['window']) };
}

export function windowStateJson(s: { created: number | undefined; position?: WindowPosition | undefined }): WindowState {
  return {
    ...(s.created === undefined ? {} : { created: s.created }),
    ...(s.position === undefined ? {} : { window: { ...s.position } }),
  };
}
