import { schemaOfStream } from '../catalog.js';
import { cachedSchemas, declaredOnly, type SchemaOf } from './declared.js';
import { readActivities } from './custom/activities.js';
import { readActivityTypes } from './custom/activities-by-type.js';
import { readMessages } from './custom/messages.js';
import { readPartitioned } from './custom/partitioned.js';
import { selectedRuns, type PlanNode } from './plan/plan.js';
import { readTree } from './plan/tree.js';
import type { CustomKind, ReadContext, ReadEvent, StreamRun } from './types.js';

export type StreamReaderFn = (ctx: ReadContext, run: StreamRun) => AsyncGenerator<ReadEvent>;

/** Readers of lists that are not a plain GET list, by the kind their table row names. */
const CUSTOM_READERS: Partial<Record<CustomKind, StreamReaderFn>> = {
  messages: readMessages,
  activities: readActivities,
  partitioned: readPartitioned,
};

/** Reads a stream that is not a plain list with the reader its table row names. */
export const readStream: StreamReaderFn = (ctx, run) => {
  const reader = run.def.custom === undefined ? undefined : CUSTOM_READERS[run.def.custom];
  if (reader === undefined) throw new Error(`no reader for ${run.def.name}`);
  return reader(ctx, run);
};

/**
 * Reads one tree of the read plan: a list with the streams read per item of it, or a stream on
 * its own. Records leave with only the fields their schema declares.
 */
export function readPlanTree(ctx: ReadContext, root: PlanNode, schemaOf: SchemaOf = cachedSchemas(schemaOfStream(selectedRuns(root).map((r) => r.def)))): AsyncGenerator<ReadEvent> {
  // The activities endpoint read for its per-type streams: one pass, each activity routed to its type's stream.
  if (root.children.some((c) => c.def.custom === 'activity_types')) return declaredOnly(readActivityTypes(ctx, selectedRuns(root)), schemaOf);
  // Plain lists, with or without children, are trees: one reader, one state shape.
  if (root.def.custom === undefined) return declaredOnly(readTree(ctx, root), schemaOf);
  if (root.run === undefined) throw new Error(`${root.def.name} is in the plan for nothing`);
  return declaredOnly(readStream(ctx, root.run), schemaOf);
}
