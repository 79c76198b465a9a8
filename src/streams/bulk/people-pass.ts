import type { JsonObject } from '../../json.js';
import { mergeConcurrent } from '../concurrent.js';
import { listRequest } from '../list-request.js';
import { fillPath, paginate } from '../paginate.js';
import { recordsOf } from '../records.js';
import { parsePeoplePass, peoplePassJson } from '../state/people-pass.js';
import type { ListStream, ReadContext, ReadEvent, StreamRun } from '../types.js';
import type { SortedIds } from './id-set.js';

/**
 * One person's list on a per-person endpoint, a page of records at a time, as the per-person
 * route reads it below the people search; nothing when the person is gone (404).
 */
export async function* personPages(ctx: ReadContext, def: ListStream, cio: string, onNotFound: () => void): AsyncGenerator<JsonObject[]> {
  // Every field the stream copies from its parent (the person) is the person's cio_id.
  const fields = Object.fromEntries(Object.keys(def.parent?.fields ?? {}).map((field) => [field, cio]));
  const build = ctx.records.of(def);
  for await (const page of paginate(listRequest(ctx, def, { path: fillPath(def.path, fields), fields, tag: def.name, onNotFound }))) {
    yield recordsOf(build, page.items, fields);
  }
}

/** The whole list of one person (a few people of the sample, each list small); [] when the person is gone. */
export async function personRecords(ctx: ReadContext, def: ListStream, cio: string): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for await (const data of personPages(ctx, def, cio, () => undefined)) out.push(...data);
  return out;
}

export interface PeoplePassInput {
  run: StreamRun & { def: ListStream };
  /** Which people: a pass takes up a saved position only for the same people. */
  people: 'related' | 'everyone';
  /** cio_ids in ascending order. */
  ids: SortedIds;
  /** People whose records were read already (the self-check sample): sent without another request. */
  held: ReadonlyMap<string, readonly JsonObject[]>;
  inFlight: number;
}

type PassEvent = ReadEvent | { type: 'done'; index: number };

/**
 * Reads a per-person list for each of `ids`, a few people at a time, in ascending cio_id order.
 * The state names the cio_id up to which every person is done, once records were sent since the
 * last one, so that a stopped sync resumes after it (a person stopped halfway is read again).
 */
export async function* readPeoplePass(ctx: ReadContext, p: PeoplePassInput): AsyncGenerator<ReadEvent> {
  const def = p.run.def;
  const saved = parsePeoplePass(p.run.state);
  const after = saved?.people === p.people ? saved.through : undefined;
  let through = after === undefined ? 0 : p.ids.countThrough(after);
  const indices = function* (from: number) { for (let i = from; i < p.ids.length; i++) yield i; };
  const done = new Set<number>();
  let unsaved = 0;
  const events = mergeConcurrent(indices(through), p.inFlight, async (index: number, push: (e: PassEvent) => Promise<void>) => {
    const cio = p.ids.at(index);
    const held = p.held.get(cio);
    if (held !== undefined) {
      if (held.length > 0) await push({ type: 'records', stream: def.name, data: [...held] });
    } else {
      let gone = false;
      for await (const data of personPages(ctx, def, cio, () => { gone = true; })) if (data.length > 0) await push({ type: 'records', stream: def.name, data });
      // A person deleted since the search: nothing to read, as on the per-person route.
      if (gone) await push({ type: 'log', level: 'DEBUG', message: `${def.name}: person ${cio} was not found (HTTP 404), probably deleted during the sync; skipped.` });
    }
    await push({ type: 'done', index });
  });
  for await (const e of events) {
    if (e.type !== 'done') {
      if (e.type === 'records') unsaved += e.data.length;
      yield e;
      continue;
    }
    done.add(e.index);
    const before = through;
    while (done.delete(through)) through++;
    if (through > before && unsaved > 0) {
      unsaved = 0;
      yield { type: 'state', stream: def.name, state: { ...peoplePassJson({ people: p.people, through: p.ids.at(through - 1) }) } };
    }
  }
  yield { type: 'state', stream: def.name, state: { ...peoplePassJson(undefined) } };
}
