import type { TreeState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';
import { stateNumber } from '../cursor.js';
import type { StreamDefinition } from '../types.js';

/**
 * The state of a stream read as part of a tree (a parent list and everything read per parent
 * item), TreeState in schemas/state/stream_state.json:
 *
 *   { <cursor>: n,                        stream-level cursor (client lists, windows)
 *     parents: { <key>: { <cursor>: n } }, a cursor per parent (client-filtered children)
 *     progress: { page, seen, completed_through, completed_ahead, pending } }
 *
 * `progress` exists only while a sync is unfinished: `page` is the token of the parent page being
 * worked on (absent: the first), the completed_* fields name the parent items of that page this
 * stream is done with, `pending` where each unfinished one stopped, `seen` the newest cursor
 * value sent so far. 0.1.0 kept progress at the top level against a sorted parent list; such
 * progress is dropped (the interrupted pass is read again, nothing lost) and cursors are kept.
 */
export interface SavedTree {
  cursor: number | undefined;
  parents: Map<string, number>;
  progress: TreeProgress | undefined;
}

export interface TreeProgress {
  page: string | undefined;
  seen: number | undefined;
  /** completed_through, completed_ahead and pending, as PageProgress reads them. */
  items: JsonObject;
}

export function parseTreeState(def: StreamDefinition, state: JsonObject | undefined): SavedTree {
  const field = def.cursor;
  const parents = new Map<string, number>();
  const raw = state?.['parents'];
  if (isObject(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      // { key: { updated: n } } since 0.1.0; a bare number is accepted too.
      const n = isObject(value) ? (field === undefined ? undefined : stateNumber(value, field)) : typeof value === 'number' ? value : undefined;
      if (n !== undefined) parents.set(key, n);
    }
  }
  const p = state?.['progress'];
  let progress: TreeProgress | undefined;
  if (isObject(p)) {
    const { page, seen, ...items } = p;
    progress = { page: typeof page === 'string' ? page : undefined, seen: typeof seen === 'number' ? seen : undefined, items };
  }
  return { cursor: field === undefined ? undefined : stateNumber(state, field), parents, progress };
}

export function treeStateJson(def: StreamDefinition, s: { cursor: number | undefined; parents: ReadonlyMap<string, number>; progress?: TreeProgress | undefined }): TreeState {
  const field = def.cursor;
  const out: JsonObject = {};
  if (field !== undefined && s.cursor !== undefined) out[field] = s.cursor;
  if (field !== undefined && s.parents.size > 0) out['parents'] = Object.fromEntries([...s.parents].map(([k, v]) => [k, { [field]: v }]));
  if (s.progress) {
    const { page, seen, items } = s.progress;
    out['progress'] = { ...(page === undefined ? {} : { page }), ...(seen === undefined ? {} : { seen }), ...items };
  }
  return out as TreeState;
}
