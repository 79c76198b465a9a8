import { readActivities } from './custom/activities.js';
import { readRoutedActivities } from './custom/activities-by-type.js';
import { readMessages } from './custom/messages.js';
import { readBulkActivities } from './bulk/activities.js';
import { readBulkDeliveries } from './bulk/deliveries.js';
import { objectRouted, readViaObjects } from './bulk/relationships.js';
import { STREAMS_BY_NAME } from './definitions.js';
import { readPartitioned } from './custom/partitioned.js';
import { selectedRuns, type PlanNode } from './plan/plan.js';
import { readTree } from './plan/tree.js';
import type { ReadContext, ReadEvent, ReadKind, RoutedStream, StreamDefinition, StreamRun } from './types.js';

/** The reader of a tree of the read plan whose root is a stream of kind K. */
type RootReader<K extends ReadKind> = (ctx: ReadContext, root: PlanNode, def: Extract<StreamDefinition, { read: K }>) => AsyncGenerator<ReadEvent>;

/** The selected run of a root that is read for itself. */
function runOf<D extends StreamDefinition>(root: PlanNode, def: D): StreamRun & { def: D } {
  if (root.run === undefined) throw new Error(`${def.name} is in the plan for nothing`);
  return { ...root.run, def };
}

/**
 * Readers by the kind of read of a tree's root. Kinds that are only ever read per item of a
 * parent (batch, metrics) or routed from another list have no root reader.
 */
const ROOT_READERS: { [K in ReadKind]?: RootReader<K> } = {
  // Plain lists, with or without children, are trees: one reader, one state shape. A tree whose
  // objects find the people a per-person stream asks (its object route) reads that stream too.
  list: (ctx, root, def) => feedingPeople(ctx, def, objectRouted(root) ? readViaObjects(ctx, root, STREAMS_BY_NAME) : readTree(ctx, root, def)),
  // A delivery list with per-person streams below it (their bulk route) is read once for all of them.
  windows: (ctx, root, def) => (root.children.length > 0 ? readBulkDeliveries(ctx, root, def, STREAMS_BY_NAME) : readMessages(ctx, runOf(root, def))),
  // The activities list is read for itself, or for the per-type streams routed from it: one pass either way.
  // With customer_activities on its bulk route below it, the same pass serves that stream too.
  newest_first: (ctx, root, def) => (root.children.some((c) => c.def.bulk !== undefined)
    ? readBulkActivities(ctx, root, def, STREAMS_BY_NAME)
    : root.run !== undefined
      ? readActivities(ctx, runOf(root, def))
      : readRoutedActivities(ctx, def, selectedRuns(root) as Array<StreamRun & { def: RoutedStream }>)),
  partitioned: (ctx, root, def) => readPartitioned(ctx, runOf(root, def)),
};

/** A read of the people search that a bulk route waits on: however it ends, the wait ends (abandon after finish changes nothing). */
async function* feedingPeople(ctx: ReadContext, list: StreamDefinition, events: AsyncGenerator<ReadEvent>): AsyncGenerator<ReadEvent> {
  try {
    yield* events;
  } finally {
    if (ctx.people?.search === list.name) ctx.people.abandon();
  }
}

/** Reads one tree of the read plan with the reader of its root's kind. */
export function readPlanTree(ctx: ReadContext, root: PlanNode): AsyncGenerator<ReadEvent> {
  const def = root.def;
  const reader = ROOT_READERS[def.read] as RootReader<typeof def.read> | undefined;
  if (reader === undefined) throw new Error(`no reader for ${def.name} (${def.read}) at the root of a read`);
  return reader(ctx, root, def as never);
}
