import { CancelledError } from '../../errors.js';
import type { JsonObject } from '../../protocol/messages.js';
import { mergeConcurrent } from '../concurrent.js';
import { paginate } from '../paginate.js';
import { fillPath } from '../parents.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { isObject } from '../types.js';
import { PageProgress } from './page-progress.js';
import { readWindowPosition, readWindows, windowRange } from './windows.js';

/** Everyone: every person has a cio_id. */
export const EVERYONE_FILTER: JsonObject = { attribute: { field: 'cio_id', operator: 'exists' } };
const SEARCH_LIMIT = 1000;
const ATTRIBUTES_BATCH = 100;
/** People whose per-person endpoints are read at once; the limiter sets the real pace. */
const PER_PERSON_CONCURRENCY = 10;

interface Person { cio_id: string; id: string | null; email: string | null }

function personOf(item: unknown): Person | undefined {
  if (!isObject(item) || typeof item['cio_id'] !== 'string' || item['cio_id'] === '') return undefined;
  // Person ids are strings that some answers send as numbers (API.md §1.5).
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
  return { cio_id: item['cio_id'], id: str(item['id']), email: str(item['email']) };
}

/** The person's fields a child stream copies (ParentRef.fields: child field -> person field). */
function parentFields(def: StreamDefinition, person: Person): JsonObject {
  const out: JsonObject = {};
  for (const [child, field] of Object.entries(def.parent?.fields ?? {})) out[child] = person[field as keyof Person];
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the people workers push: records and logs, and how far each stream got through the page's people. */
type PeopleEvent =
  | ReadEvent
  | { type: 'person_done'; stream: string; ids: string[] }
  | { type: 'person_moved'; stream: string; id: string; position: JsonObject };

/** Keeps only the configured attribute names (all when none are configured). */
function pickAttributes(customer: JsonObject, names: string[]): JsonObject {
  if (names.length === 0 || !isObject(customer['attributes'])) return customer;
  const attrs = customer['attributes'];
  return { ...customer, attributes: Object.fromEntries(names.filter((n) => n in attrs).map((n) => [n, attrs[n]])) };
}

/**
 * The people streams share one pass over the people search (POST /v1/customers, 1000 a page):
 * each page feeds `customers` directly, `customer_attributes` through the batch lookup (100 ids a
 * call, never one call per person) and the per-person streams. After a page is fully processed,
 * every people stream checkpoints the search cursor, so a killed sync resumes at that page. A
 * cancelled sync also saves, per stream, the people of the current page it is done with.
 */
export async function* readPeople(ctx: ReadContext, runs: StreamRun[], definitions: ReadonlyMap<string, StreamDefinition>): AsyncGenerator<ReadEvent> {
  const byName = new Map(runs.map((r) => [r.def.name, r]));
  const customersDef = definitions.get('customers');
  if (!customersDef) throw new Error('customers definition missing');
  // Resume only where every people stream agrees on the page: otherwise one would skip people.
  const tokens = runs.map((r) => (typeof r.state?.['next'] === 'string' ? r.state['next'] : undefined));
  const resume = tokens.every((t) => t !== undefined && t === tokens[0]) ? tokens[0] : undefined;
  // A stream saved part way through the page it resumes at: what it had done of that page.
  const carried = new Map(runs.map((r, i) => [r.def.name, tokens[i] === resume ? r.state : undefined]));
  // Per-person streams fill a {placeholder} of their path from the person; the batch lookup has none.
  const perPerson = runs.filter((r) => r.def.parent !== undefined && /\{\w+\}/.test(r.def.path));
  const messagesRun = perPerson.find((r) => r.def.cursor?.filter === 'window');
  const messagesRange = messagesRun ? windowRange(ctx, messagesRun) : undefined;
  const savedCreated = messagesRange?.saved;

  /** A stream's state before the search page at `next` (undefined: the first), or at the end of the pass. */
  const stateFor = (name: string, next: string | undefined, end = next === undefined): JsonObject => {
    const created = name === messagesRun?.def.name && messagesRun.syncMode === 'incremental'
      ? (end ? Math.max(savedCreated ?? -Infinity, messagesRange?.to ?? 0) : savedCreated)
      : undefined;
    return { ...(created === undefined ? {} : { created }), ...(next === undefined ? {} : { next }) };
  };

  // A per-person or attributes stream that fails stops alone; the search and the others go on.
  const failed = new Set<string>();
  const guarded = <J>(stream: (job: J) => string, work: (job: J, push: (e: PeopleEvent) => Promise<void>) => Promise<void>) =>
    async (job: J, push: (e: PeopleEvent) => Promise<void>) => {
      const name = stream(job);
      if (failed.has(name)) return;
      try {
        await work(job, push);
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (failed.has(name)) return;
        failed.add(name);
        await push({ type: 'failed', stream: name, error });
      }
    };

  /** One search page through every selected stream, skipping what `progress` says each has done. */
  async function* readPage(people: Person[], progress: Map<string, PageProgress>): AsyncGenerator<ReadEvent> {
    const of = (name: string) => progress.get(name) as PageProgress;
    // Workers report each person done (or a page of a person) after its records: the order a state needs.
    const tracked = async function* (events: AsyncIterable<PeopleEvent>): AsyncGenerator<ReadEvent> {
      for await (const e of events) {
        if (e.type === 'person_done') for (const id of e.ids) of(e.stream).finish(id);
        else if (e.type === 'person_moved') of(e.stream).moved(e.id, e.position);
        else yield e;
      }
    };
    if (byName.has('customers')) {
      for (const p of people) {
        if (!of('customers').isDone(p.cio_id)) yield { type: 'record', stream: 'customers', data: { ...p } };
        of('customers').finish(p.cio_id);
      }
    }
    const attributesDef = byName.get('customer_attributes')?.def;
    if (attributesDef) {
      const batches = chunk(people.map((p) => p.cio_id).filter((id) => !of('customer_attributes').isDone(id)), ATTRIBUTES_BATCH);
      yield* tracked(mergeConcurrent(batches, 4, guarded(() => 'customer_attributes', async (ids: string[], push: (e: PeopleEvent) => Promise<void>) => {
        const response = await ctx.client.post<unknown>(attributesDef.path, { query: { id_type: 'cio_id' }, body: { ids }, tag: 'customer_attributes' });
        const list = isObject(response.body) && Array.isArray(response.body['customers']) ? response.body['customers'] : [];
        for (const entry of list) {
          const customer = isObject(entry) && isObject(entry['customer']) ? entry['customer'] : entry;
          if (!isObject(customer)) continue;
          const identifiers = isObject(customer['identifiers']) ? customer['identifiers'] : {};
          const cio = typeof identifiers['cio_id'] === 'string' ? identifiers['cio_id'] : undefined;
          if (cio === undefined) continue;
          const record = recordOf(attributesDef, customer) ?? customer;
          await push({ type: 'record', stream: 'customer_attributes', data: { ...pickAttributes(record, ctx.config.customerAttributes), cio_id: cio } });
        }
        await push({ type: 'person_done', stream: 'customer_attributes', ids });
      })));
    }
    if (perPerson.length > 0) {
      const jobs = people.flatMap((p) => perPerson.filter((r) => !of(r.def.name).isDone(p.cio_id)).map((r) => ({ p, r })));
      yield* tracked(mergeConcurrent(jobs, PER_PERSON_CONCURRENCY, guarded(({ r }: { p: Person; r: StreamRun }) => r.def.name, async ({ p, r }: { p: Person; r: StreamRun }, push: (e: PeopleEvent) => Promise<void>) => {
        const def = r.def;
        const at = of(def.name).resumeAt(p.cio_id);
        const moved = (position: JsonObject) => push({ type: 'person_moved', stream: def.name, id: p.cio_id, position });
        const fields = parentFields(def, p);
        const path = fillPath(def.path, fields);
        let gone = false;
        const onNotFound = () => { gone = true; };
        if (r === messagesRun && messagesRange) {
          for await (const e of readWindows(ctx, def, path, messagesRange, readWindowPosition(at), fields, onNotFound)) {
            if (e.type === 'record') await push({ type: 'record', stream: def.name, data: e.data });
            else if (e.position !== undefined) await moved({ ...e.position });
          }
        } else {
          const startAt = typeof at?.['next'] === 'string' ? at['next'] : undefined;
          for await (const pg of paginate({ client: ctx.client, method: 'GET', path, envelope: def.envelope, pagination: def.pagination, query: { ...def.query }, startAt, tag: def.name, onNotFound })) {
            for (const item of pg.items) {
              if (!isObject(item)) continue;
              await push({ type: 'record', stream: def.name, data: { ...(recordOf(def, item) ?? item), ...fields } });
            }
            if (pg.next !== undefined) await moved({ next: pg.next });
          }
        }
        // A person deleted between the search and this request has nothing left to read.
        if (gone) await push({ type: 'log', level: 'DEBUG', message: `${def.name}: person ${p.cio_id} was deleted during the sync; skipped.` });
        await push({ type: 'person_done', stream: def.name, ids: [p.cio_id] });
      })));
    }
  }

  let pageToken = resume;
  for await (const page of paginate({
    client: ctx.client,
    method: 'POST',
    path: customersDef.path,
    envelope: customersDef.envelope,
    pagination: { kind: 'cursor', limit: SEARCH_LIMIT },
    body: { filter: ctx.config.customerFilter ?? EVERYONE_FILTER },
    startAt: resume,
    tag: 'customers',
  })) {
    const people = page.items.map(personOf).filter((p): p is Person => p !== undefined);
    const progress = new Map(runs.map((r) => [r.def.name, new PageProgress(people.map((p) => p.cio_id), carried.get(r.def.name))]));
    carried.clear();
    try {
      yield* readPage(people, progress);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      // Stopped part way through this page: each stream saves the page's token and what it did of it.
      for (const r of runs) {
        if (!failed.has(r.def.name)) yield { type: 'state', stream: r.def.name, state: { ...stateFor(r.def.name, pageToken, false), ...(progress.get(r.def.name) as PageProgress).toState() } };
      }
      throw error;
    }
    for (const r of runs) if (!failed.has(r.def.name)) yield { type: 'state', stream: r.def.name, state: stateFor(r.def.name, page.next) };
    pageToken = page.next;
  }
  for (const r of runs) if (!failed.has(r.def.name)) yield { type: 'state', stream: r.def.name, state: stateFor(r.def.name, undefined) };
}
