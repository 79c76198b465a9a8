import type { PartitionedState } from '../../generated/state.js';
import { isObject, type JsonObject } from '../../json.js';

/**
 * The state of a partitioned list, PartitionedState in schemas/state/stream_state.json: these
 * lists are small and read whole, so only a cancelled read saves where it stopped (the partition
 * by index, its scope, the page token).
 */
export interface PartitionPosition { partition: number; scope?: string; next?: string }

export function parsePartitionedState(state: JsonObject | undefined): PartitionPosition | undefined {
  const p = state?.['pending'];
  if (!isObject(p) || typeof p['partition'] !== 'number') return undefined;
  return {
    partition: p['partition'],
    ...(typeof p['scope'] === 'string' ? { scope: p['scope'] } : {}),
    ...(typeof p['next'] === 'string' ? { next: p['next'] } : {}),
  };
}

export function partitionedStateJson(position: PartitionPosition | undefined): PartitionedState {
  return position === undefined ? {} : { pending: position };
}
