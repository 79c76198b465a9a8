import type { StreamDefinition } from '../types.js';

/** The documented state shapes (schemas/state/stream_state.json definitions). */
export type StateKind = 'tree' | 'window' | 'newest_first' | 'partitioned' | 'people_deliveries' | 'people_activities' | 'people_relationships';

/**
 * Which state a stream writes: a stream read per item of a parent, or a list with children,
 * keeps a tree's state whatever its kind of read; a stream read on its own keeps its reader's.
 */
export function stateKindOf(def: StreamDefinition): StateKind {
  // Either route's state, so that a sync may take the other route than the last one.
  if (def.bulk !== undefined) return def.read === 'list' ? 'people_activities' : 'people_deliveries';
  if (def.objectRoute !== undefined) return 'people_relationships';
  if (def.parent !== undefined) return 'tree';
  switch (def.read) {
    case 'windows': return 'window';
    case 'newest_first':
    case 'routed': return 'newest_first';
    case 'partitioned': return 'partitioned';
    default: return 'tree';
  }
}
