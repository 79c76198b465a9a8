import type { JsonObject } from '../../json.js';
import type { StreamDefinition, StreamRun } from '../types.js';

/**
 * One endpoint of the read plan. `run` is set when the endpoint's stream is selected; a node
 * without it is read only for its children (an unselected parent).
 */
export interface PlanNode {
  def: StreamDefinition;
  run: StreamRun | undefined;
  children: PlanNode[];
}

/**
 * The read plan of a configured catalog: a forest in which each endpoint appears once, however
 * many selected streams need it (itself, its children, their children). Unselected ancestors of
 * a selected stream are added so that every endpoint is read once per sync and its records go to
 * every consumer. `bulk` names the per-person streams read from their workspace-wide list this sync.
 */
export function buildPlan(runs: readonly StreamRun[], definitions: ReadonlyMap<string, StreamDefinition>, bulk: ReadonlySet<string> = new Set()): PlanNode[] {
  const nodes = new Map<string, PlanNode>();
  const roots: PlanNode[] = [];
  const nodeFor = (def: StreamDefinition): PlanNode => {
    const known = nodes.get(def.name);
    if (known) return known;
    const node: PlanNode = { def, run: undefined, children: [] };
    nodes.set(def.name, node);
    // Per-type activities streams are routed parts of the activities endpoint: they hang below it, to share its pass.
    // Per-person streams on their bulk route hang below the workspace list that serves them, to share its read
    // (customer_relationships below the objects that say whom to ask).
    const parentName = def.read === 'routed' ? def.from.name : bulk.has(def.name) ? def.bulk?.from ?? def.objectRoute?.objects : def.parent?.stream;
    if (parentName === undefined) {
      roots.push(node);
    } else {
      const parentDef = definitions.get(parentName);
      if (parentDef === undefined) throw new Error(`unknown parent stream ${parentName} of ${def.name}`);
      nodeFor(parentDef).children.push(node);
    }
    return node;
  };
  for (const run of runs) nodeFor(run.def).run = run;
  return roots;
}

/** Every selected stream of a tree, the root first. */
export function selectedRuns(node: PlanNode): StreamRun[] {
  return [...(node.run ? [node.run] : []), ...node.children.flatMap(selectedRuns)];
}

/** The nodes of a tree below `node`, depth first. */
export function descendants(node: PlanNode): PlanNode[] {
  return subtree(node).slice(1);
}

const subtrees = new WeakMap<PlanNode, readonly PlanNode[]>();

/** `node` and the nodes below it, depth first; worked out once per node (a plan does not change while it is read). */
export function subtree(node: PlanNode): readonly PlanNode[] {
  let nodes = subtrees.get(node);
  if (nodes === undefined) {
    nodes = [node, ...node.children.flatMap((c) => subtree(c))];
    subtrees.set(node, nodes);
  }
  return nodes;
}

/** The key of an item: its primary key values joined by '/', or undefined when one is missing. */
export function itemKey(def: StreamDefinition, record: JsonObject): string | undefined {
  const parts = def.primaryKey.map((path) => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as JsonObject)[k] : undefined), record));
  if (parts.some((p) => p === undefined || p === null || p === '')) return undefined;
  return parts.map(String).join('/');
}
