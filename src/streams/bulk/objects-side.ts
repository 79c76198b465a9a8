import { CancelledError, errorMessage, ParentFailedError } from '../../errors.js';
import { valueAt, type JsonObject } from '../../json.js';
import { mergeConcurrent } from '../concurrent.js';
import { listRequest } from '../list-request.js';
import { fillPath, paginate } from '../paginate.js';
import { selectedRuns, subtree, type PlanNode } from '../plan/plan.js';
import { readTree } from '../plan/tree.js';
import { recordsOf } from '../records.js';
import type { ObjectRoute, PeopleSet, ReadContext, ReadEvent } from '../types.js';
import { IdSet } from './id-set.js';

/**
 * The objects of an object route, held until the route is chosen: for each object the values of
 * the route's fields (object_type_id, object_id), `stride` strings an object, about 100 bytes.
 */
export interface ObjectList {
  values: string[];
  stride: number;
  count: number;
  /** Requests spent listing them on the route's account: none when the objects stream lists them anyway. */
  requests: number;
  shared: boolean;
}

/** The objects listed whole, or why not: dearer than reading everyone per person, or an error. */
export type Listing = { objects: ObjectList } | { stopped: string };

/** `node` and the nodes below it that read a selected stream other than `drop`, read whole (no saved position taken up). */
function prune(node: PlanNode, drop: string): PlanNode {
  const reads = (n: PlanNode) => selectedRuns(n).some((r) => r.def.name !== drop);
  return { def: node.def, run: node.run && { ...node.run, state: undefined }, children: node.children.filter(reads).map((c) => prune(c, drop)) };
}

/** A failed read of the tree's list: its own stream fails with the error, the streams below it naming it. */
function* failTree(tree: PlanNode, error: unknown): Generator<ReadEvent> {
  for (const n of subtree(tree)) {
    if (n.run) yield { type: 'failed', stream: n.def.name, error: n === tree ? error : new ParentFailedError(tree.def.name, error) };
  }
}

/**
 * Lists every object of the tree below `root` for the object route of stream `drop`, the selected
 * streams of the tree (object_types, objects) reading theirs as they would alone, each endpoint
 * once. They are read whole: the route needs every object, so a saved position is not taken up.
 * Unless the objects stream lists them anyway, listing stops as soon as its requests and one
 * request an object reach `budget`, so that weighing the route never costs more than a page.
 */
export async function* listObjects(ctx: ReadContext, root: PlanNode, route: ObjectRoute, drop: string, budget: number): AsyncGenerator<ReadEvent, Listing> {
  const objectsNode = subtree(root).find((n) => n.def.name === route.objects);
  const objectsDef = objectsNode?.def;
  const typesDef = root.def;
  if (objectsNode === undefined || objectsDef?.read !== 'list' || typesDef.read !== 'list' || objectsDef.parent?.stream !== typesDef.name) {
    throw new Error(`${drop}: its object route needs ${route.objects} directly below the root of its plan tree`);
  }
  const fieldNames = Object.values(route.related.fields);
  const list: ObjectList = { values: [], stride: fieldNames.length, count: 0, requests: 0, shared: objectsNode.run !== undefined };
  const affordable = (more: number) => list.requests + list.count + more < budget;
  const stopped = () => ({ stopped: `listing the objects stopped at ${list.count} objects after ${list.requests} requests: already as dear as asking everyone` });
  let over = false;
  const hold = (records: readonly JsonObject[]) => {
    for (const r of records) {
      if (over) return;
      list.values.push(...fieldNames.map((f) => String(r[f])));
      list.count++;
      if (!affordable(0)) {
        over = true;
        list.values = [];
      }
    }
  };

  const types: JsonObject[] = [];
  const tree = prune(root, drop);
  if (tree.run !== undefined || tree.children.length > 0) {
    let failure: string | undefined;
    try {
      for await (const e of readTree(ctx, tree, typesDef)) {
        if (e.type === 'records' && e.stream === typesDef.name) types.push(...e.data);
        if (e.type === 'records' && e.stream === objectsDef.name) hold(e.data);
        if (e.type === 'failed' && e.stream === objectsDef.name) failure ??= errorMessage(e.error);
        yield e;
      }
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      yield* failTree(tree, error);
      failure = errorMessage(error);
    }
    if (failure !== undefined) return { stopped: `the objects could not be listed (${failure})` };
  }
  if (list.shared) return over ? stopped() : { objects: list };

  // The objects stream is not selected: the objects are listed here, one type after another.
  try {
    if (tree.run === undefined) {
      if (!affordable(1)) return stopped();
      for await (const page of paginate(listRequest(ctx, typesDef, { tag: `${typesDef.name} (for ${drop})` }))) {
        list.requests++;
        types.push(...recordsOf(ctx.records.of(typesDef), page.items));
      }
    }
    const build = ctx.records.of(objectsDef);
    for (const type of types) {
      const fields = Object.fromEntries(Object.entries(objectsDef.parent.fields).map(([child, parent]) => [child, type[parent]]));
      if (!affordable(1)) return stopped();
      for await (const page of paginate(listRequest(ctx, objectsDef, { fields, tag: `${objectsDef.name} (for ${drop})` }))) {
        list.requests++;
        hold(recordsOf(build, page.items, fields));
        if (over || (page.next !== undefined && !affordable(1))) return stopped();
      }
    }
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { stopped: `the objects could not be listed (${errorMessage(error)})` };
  }
  return { objects: list };
}

/** What the objects' relationships say: the people of the search they name, and for the sample which objects. */
export interface Related {
  people: IdSet;
  /** Per sampled person, the objects the object side relates them to, as "<object_type_id>/<object_id>". */
  pairs: Map<string, Set<string>>;
  requests: number;
}

/** An object's key, from the route's field values (the per-person record has the same fields). */
export const objectKey = (values: readonly unknown[]): string => values.map(String).join('/');

/**
 * Asks every listed object for its related people, `inFlight` objects at a time, keeping those of
 * the people search. Stops (undefined) once `dearer(objects left, related people outside the
 * sample)` says that going on costs more than asking everyone.
 */
export async function findRelated(
  ctx: ReadContext, route: ObjectRoute, list: ObjectList, people: PeopleSet, sample: ReadonlySet<string>, inFlight: number,
  dearer: (objectsLeft: number, outsideSample: number) => boolean,
): Promise<Related | undefined> {
  const related: Related = { people: new IdSet(), pairs: new Map(), requests: 0 };
  const placeholders = Object.keys(route.related.fields);
  let left = list.count;
  let inSample = 0;
  let stop = false;
  const indices = function* () { for (let i = 0; i < list.count && !stop; i++) yield i; };
  const ask = async (index: number): Promise<void> => {
    const values = list.values.slice(index * list.stride, (index + 1) * list.stride);
    const path = fillPath(route.related.path, Object.fromEntries(placeholders.map((p, i) => [p, values[i]])));
    // An object deleted since it was listed relates nobody.
    for await (const page of paginate(listRequest(ctx, route.related, { path, tag: 'objects relationships', onNotFound: () => undefined }))) {
      related.requests++;
      for (const item of page.items) {
        const raw = valueAt(item, route.person);
        const cio = typeof raw === 'number' ? String(raw) : raw;
        // The object side warns of duplicates across pages: a set keeps each person once.
        if (typeof cio !== 'string' || !people.ids.has(cio)) continue;
        if (!related.people.has(cio) && sample.has(cio)) inSample++;
        related.people.add(cio);
        if (sample.has(cio)) related.pairs.set(cio, (related.pairs.get(cio) ?? new Set()).add(objectKey(values)));
      }
    }
    left--;
    if (dearer(left, related.people.size - inSample)) stop = true;
  };
  for await (const _ of mergeConcurrent(indices(), inFlight, ask)) { /* nothing is pushed */ }
  return stop && left > 0 ? undefined : related;
}
