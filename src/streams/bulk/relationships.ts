import { CancelledError, errorMessage } from '../../errors.js';
import type { ResolvedConfig } from '../../config.js';
import type { JsonObject } from '../../json.js';
import { descendants, type PlanNode } from '../plan/plan.js';
import type { ListStream, ObjectRoute, PeopleSet, ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { findRelated, listObjects, objectKey, type Listing } from './objects-side.js';
import { peopleSetFor } from './people.js';
import { personRecords, readPeoplePass } from './people-pass.js';

/*
 * customer_relationships on people_streams_route `auto` (BULK-ROUTES.md §3). The object side
 * (GET /v1/objects/{type}/{id}/relationships) names the people related to each object but not the
 * relationship attributes, so the records still come from each person's own list; the objects
 * only say whom to ask. The sync reads the people search, the sample's own lists (kept: they are
 * sent as they are, never asked twice), then lists the objects while that stays cheaper than
 * asking everyone, asks each object for its people, checks the sample against what the objects
 * said, and asks the related people of the search. Otherwise it asks everyone in the search.
 */

type Routed = StreamRun & { def: ListStream & { objectRoute: ObjectRoute } };

/** The selected streams with an object route (below the objects in the plan), unless the config keeps them per person. */
export function objectRouteCandidates(runs: readonly StreamRun[], config: ResolvedConfig): string[] {
  if (config.peopleStreamsRoute === 'per_person') return [];
  return runs.filter((r) => r.def.objectRoute !== undefined && r.def.read === 'list').map((r) => r.def.name);
}

/** The stream of a plan tree read on its object route (hung below its objects, not its people search), if the tree has one. */
export function objectRouted(root: PlanNode): Routed | undefined {
  const objects = descendants(root).flatMap((parent) => parent.children.filter((n) => n.def.objectRoute?.objects === parent.def.name));
  const node = objects.find((n) => n.run !== undefined);
  const def = node?.def;
  if (node?.run === undefined || def?.read !== 'list' || def.objectRoute === undefined) return undefined;
  return { ...node.run, def: { ...def, objectRoute: def.objectRoute } };
}

/** What the sample says: how many people it holds, how many have relationships, and how many requests the objects could spare. */
interface Weights { people: number; sampled: number; related: number; others: number; spare: number }

function weigh(people: PeopleSet, held: ReadonlyMap<string, readonly JsonObject[]>): Weights {
  const sampled = held.size;
  const related = [...held.values()].filter((r) => r.length > 0).length;
  const others = people.ids.size - sampled;
  // Those of the other people who have no relationships, as many as in the sample, need no request.
  const spare = sampled === 0 ? others : Math.round(others * (1 - related / sampled));
  return { people: people.ids.size, sampled, related, others, spare };
}

/** The first person of the sample with relationships the objects did not name, or undefined. */
function sampleDifference(route: ObjectRoute, held: ReadonlyMap<string, readonly JsonObject[]>, pairs: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const fields = Object.values(route.related.fields);
  for (const [cio, records] of held) {
    const named = pairs.get(cio);
    const missing = [...new Set(records.map((r) => objectKey(fields.map((f) => r[f]))))].filter((key) => !named?.has(key));
    if (missing.length > 0) return `person ${cio}: ${missing.length} relationships on their own list that no object names (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`;
  }
  return undefined;
}

/**
 * Reads a plan tree whose objects serve a per-person stream's object route: the tree's own
 * streams (object_types, objects) as usual, then the per-person stream, on its object route
 * where that is cheaper and otherwise for everyone in the people search.
 */
export async function* readViaObjects(ctx: ReadContext, root: PlanNode, definitions: ReadonlyMap<string, StreamDefinition>): AsyncGenerator<ReadEvent> {
  const run = objectRouted(root);
  if (run === undefined) throw new Error(`${root.def.name}: no stream on its object route in this tree`);
  const def = run.def;
  let sampled: { people: PeopleSet; held: Map<string, JsonObject[]> } | undefined;
  let failure: unknown;
  try {
    const people = await peopleSetFor(ctx, def, definitions);
    const lists = await Promise.all(people.sample.map(async (cio) => [cio, await personRecords(ctx, def, cio)] as const));
    sampled = { people, held: new Map(lists) };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    failure = error;
  }
  const weights = sampled && weigh(sampled.people, sampled.held);
  // The tree's own streams are read whatever becomes of the per-person one.
  const listing = yield* listObjects(ctx, root, def.objectRoute, def.name, weights?.spare ?? 0);
  if (sampled === undefined || weights === undefined) {
    yield { type: 'failed', stream: def.name, error: failure };
    return;
  }
  const inFlight = definitions.get(def.parent?.stream ?? '')?.childConcurrency ?? 4;
  try {
    yield* readChosen(ctx, run, sampled.people, sampled.held, weights, listing, inFlight);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    yield { type: 'failed', stream: def.name, error };
  }
}

async function* readChosen(
  ctx: ReadContext, run: Routed, people: PeopleSet, held: Map<string, JsonObject[]>, w: Weights, listing: Listing, inFlight: number,
): AsyncGenerator<ReadEvent> {
  const def = run.def;
  const sample = `${w.related} of the ${w.sampled} people sampled have relationships, so about ${w.spare} of the other ${w.others} need no request`;
  const everyone = function* (why: string): Generator<ReadEvent> {
    yield { type: 'log', level: 'INFO', message: `${def.name}: per-person route: ${why}.` };
  };
  const askEveryone = () => readPeoplePass(ctx, { run, people: 'everyone', ids: people.ids.sorted(), held, inFlight });
  if ('stopped' in listing) {
    yield* everyone(`${listing.stopped} (${sample})`);
    yield* askEveryone();
    return;
  }
  const o = listing.objects;
  const cost = o.requests + o.count + (w.others - w.spare);
  yield {
    type: 'log', level: 'INFO',
    message: `${def.name}: objects route: ${o.count} objects (${o.requests} requests to list them${o.shared ? ', listed for objects anyway' : ''}) to ask for their people, ` +
      `then the related people's own lists: about ${cost} requests against ${w.others} asking everyone; ${sample}.`,
  };
  let related;
  try {
    related = await findRelated(ctx, def.objectRoute, o, people, new Set(held.keys()), inFlight, (left, outside) => left + outside >= w.others);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // The object side only says whom to ask: without it, everyone is asked.
    yield* everyone(`the objects' relationships could not be read (${errorMessage(error)})`);
    yield* askEveryone();
    return;
  }
  if (related === undefined) {
    yield* everyone(`the objects' relationships name more people than the sample suggested: the objects left to ask and the people they named already cost as much as asking the ${w.others} people not sampled`);
    yield* askEveryone();
    return;
  }
  const difference = sampleDifference(def.objectRoute, held, related.pairs);
  if (difference !== undefined) {
    yield {
      type: 'log', level: 'WARN',
      message: `${def.name}: the objects route's self-check found a difference from the per-person lists (${difference}); reading ${def.name} for everyone in the people search instead, for this sync (none is lost).`,
    };
    yield* askEveryone();
    return;
  }
  yield { type: 'log', level: 'INFO', message: `${def.name}: the objects' relationships (${related.requests} requests) name ${related.people.size} of the ${w.people} people of the search; reading their own lists.` };
  yield* readPeoplePass(ctx, { run, people: 'related', ids: related.people.sorted(), held, inFlight });
}
