import { IdSet } from './id-set.js';
import { isObject } from '../../json.js';
import { paginate } from '../paginate.js';
import { listRequest } from '../list-request.js';
import type { PlanNode } from '../plan/plan.js';
import { readTree } from '../plan/tree.js';
import type { ListStream, PeopleSet, ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';

/** People whose per-person lists the bulk route reads to check what it derived for them. */
export const SELF_CHECK_SAMPLE = 20;

/**
 * The people set built from the pages of a people search, as they come. Only the cio_ids are
 * held, as bytes in an IdSet (id-set.ts).
 */
export class PeopleCollector {
  private readonly ids = new IdSet();
  private readonly sample: string[] = [];
  private settle: (set: PeopleSet | undefined) => void = () => undefined;
  private readonly done: Promise<PeopleSet | undefined>;

  /** `search`: the list whose read feeds it (the other reads of the sync only wait for it). */
  constructor(readonly search: string, private readonly sampleSize = SELF_CHECK_SAMPLE) {
    this.done = new Promise((resolve) => { this.settle = resolve; });
  }

  /** The items of one page of the search. */
  add(items: readonly unknown[]): void {
    for (const item of items) {
      const id = isObject(item) ? item['cio_id'] : undefined;
      const cio = typeof id === 'number' ? String(id) : id;
      if (typeof cio !== 'string' || cio === '' || !this.ids.add(cio)) continue;
      if (this.sample.length < this.sampleSize) this.sample.push(cio);
    }
  }

  /** The search was read to its end; `whole` when from its first page (a resumed read is not the whole set). */
  finish(whole: boolean): void {
    this.settle(whole ? { ids: this.ids, sample: this.sample } : undefined);
  }

  /** The read failed or was stopped: whoever waits reads the search on their own. */
  abandon(): void {
    this.settle(undefined);
  }

  /** The whole people set once the search is read; undefined when the read that feeds it could not give it. */
  wait(): Promise<PeopleSet | undefined> {
    return this.done;
  }
}

/** Every cio_id of the people search (the `customers` list with the config's filter), read on its own. */
export async function readPeopleSet(ctx: ReadContext, search: ListStream): Promise<PeopleSet> {
  const collector = new PeopleCollector(search.name);
  for await (const page of paginate(listRequest(ctx, search, { tag: `${search.name} (people set)` }))) collector.add(page.items);
  collector.finish(true);
  return await collector.wait() as PeopleSet;
}

/** The people set of a per-person stream: from the sync's own read of its search when that read gives the whole of it, else read here. */
export async function peopleSetFor(ctx: ReadContext, def: StreamDefinition, definitions: ReadonlyMap<string, StreamDefinition>): Promise<PeopleSet> {
  const search = definitions.get(def.parent?.stream ?? '');
  if (search?.read !== 'list') throw new Error(`${def.name}: a bulk route without a people search`);
  const fed = ctx.people?.search === search.name ? await ctx.people.wait() : undefined;
  return fed ?? await readPeopleSet(ctx, search);
}

/** The field of a per-person stream's records that names its person (its parent field). */
export function personField(def: StreamDefinition): string {
  return Object.keys(def.parent?.fields ?? {})[0] ?? 'customer_cio_id';
}

/** The per-person route for one stream: the people search with that stream alone below it, from the stream's own state. */
export function readPerPerson(ctx: ReadContext, run: StreamRun, definitions: ReadonlyMap<string, StreamDefinition>): AsyncGenerator<ReadEvent> {
  const search = definitions.get(run.def.parent?.stream ?? '');
  if (search?.read !== 'list') throw new Error(`${run.def.name}: no people search to read it per person`);
  const root: PlanNode = { def: search, run: undefined, children: [{ def: run.def, run, children: [] }] };
  // This read of the search feeds nobody: the people set was settled already.
  return readTree({ ...ctx, people: undefined }, root, search);
}
