import { valueAt, type JsonObject } from '../../json.js';
import { cursorValue, maxDefined } from '../cursor.js';
import { readWindows, windowRange } from '../custom/windows.js';
import type { PlanNode } from '../plan/plan.js';
import { parseWindowState, windowStateJson, type WindowPosition } from '../state/window.js';
import type { BulkRoute, PeopleSet, ReadContext, ReadEvent, StreamDefinition, StreamRun, WindowStream } from '../types.js';
import { peopleSetFor, personField, readPerPerson } from './people.js';
import { routeLog, weighRoute } from './route.js';
import { checkSample, noteDerived, settleBulkRoute, windowsList, type Derived } from './self-check.js';

/** A per-person stream served by this read: its run, its range, and what it derived for the sample. */
interface Routed {
  run: StreamRun & { def: WindowStream & { bulk: BulkRoute } };
  from: number;
  created: number | undefined;
  position: WindowPosition | undefined;
  derived: Derived;
}

function routedOf(ctx: ReadContext, node: PlanNode): Routed | undefined {
  const { run, def } = node;
  if (run === undefined || def.read !== 'windows' || def.bulk === undefined) return undefined;
  const r = { ...run, def: { ...def, bulk: def.bulk } };
  const saved = parseWindowState(def.cursor, run.state);
  return {
    run: r,
    from: windowRange(ctx, r).from,
    created: run.syncMode === 'incremental' ? saved.created : undefined,
    position: saved.position,
    derived: new Map(),
  };
}

/**
 * One read of a workspace-wide delivery list for its own stream (when selected) and for the
 * per-person streams on their bulk route: each delivery of a person of the people search goes to
 * that person, as the per-person endpoint would have sent it. Then the self-check: a sample's
 * per-person lists against what was derived for them; on a difference the stream is read per
 * person for this sync, so that nothing is lost (records already sent may come again).
 */
export async function* readBulkDeliveries(ctx: ReadContext, root: PlanNode, def: WindowStream, definitions: ReadonlyMap<string, StreamDefinition>): AsyncGenerator<ReadEvent> {
  const own = root.run;
  const candidates = root.children.map((c) => routedOf(ctx, c)).filter((r): r is Routed => r !== undefined);
  const people = await peopleSetFor(ctx, candidates[0]?.run.def ?? def, definitions);
  // Each stream takes the bulk route only where it is the cheaper one; the others are read per person.
  const routed: Routed[] = [];
  const perPerson: Routed[] = [];
  for (const r of candidates) {
    const { bulk, why } = await weighRoute(ctx, r.run, def, people, own !== undefined);
    (bulk ? routed : perPerson).push(r);
    yield routeLog(r.run.def.name, bulk, def, why);
  }
  for (const r of perPerson) yield* readPerPerson(ctx, r.run, definitions);
  if (own === undefined && routed.length === 0) return;
  const ownIncremental = own?.syncMode === 'incremental';
  const ownSaved = parseWindowState(def.cursor, own?.state);
  const ownRange = own ? windowRange(ctx, { ...own, def }) : undefined;
  const range = { from: Math.min(...routed.map((r) => r.from), ownRange?.from ?? Infinity), to: Math.min(ctx.syncStartedAt, ctx.config.endDate ?? Infinity) };
  // A shared read resumes only where every stream of it stopped; otherwise it starts over (repeats, loses nothing).
  const positions = [...(own ? [ownSaved.position] : []), ...routed.map((r) => r.position)].map((p) => JSON.stringify(p ?? null));
  const resume = positions.every((p) => p === positions[0]) ? (own ? ownSaved.position : routed[0]?.position) : undefined;
  const sample = new Set(people.sample);

  for await (const event of readWindows(ctx, def, def.path, range, resume, undefined)) {
    if (event.type === 'records') {
      if (own && ownRange) {
        const kept = event.data.filter((r) => (cursorValue(r, def.cursor) ?? range.to) >= ownRange.from);
        if (kept.length > 0) yield { type: 'records', stream: def.name, data: kept };
      }
      for (const r of routed) {
        const data = personRecords(ctx, r, event.data, people, sample);
        if (data.length > 0) yield { type: 'records', stream: r.run.def.name, data };
      }
      continue;
    }
    const position = event.position;
    if (position === undefined) continue;
    if (own) yield { type: 'state', stream: def.name, state: { ...windowStateJson({ created: ownIncremental ? ownSaved.created : undefined, position }) } };
    for (const r of routed) yield { type: 'state', stream: r.run.def.name, state: { ...windowStateJson({ created: r.created, position }) } };
  }
  if (own) yield { type: 'state', stream: def.name, state: { ...windowStateJson({ created: ownIncremental ? maxDefined(ownSaved.created, range.to) : undefined }) } };

  for (const r of routed) {
    const difference = await checkSample(people.sample, windowsList(ctx, r.run.def, { from: r.from, to: range.to }), r.derived, { from: resume?.start ?? -Infinity, to: Infinity }, 'deliveries');
    const created = r.run.syncMode === 'incremental' ? maxDefined(r.created, range.to) : undefined;
    yield* settleBulkRoute(ctx, r.run, definitions, difference, created === undefined ? {} : { [r.run.def.cursor]: created });
  }
}

/** The records one page of the workspace list gives a per-person stream; the sample's are noted for the check. */
function personRecords(ctx: ReadContext, r: Routed, page: readonly JsonObject[], people: PeopleSet, sample: ReadonlySet<string>): JsonObject[] {
  const { def } = r.run;
  const build = ctx.records.of(def);
  const field = personField(def);
  const out: JsonObject[] = [];
  for (const delivery of page) {
    const person = valueAt(delivery, def.bulk.person);
    // Deliveries of people outside the search (deleted, or filtered out) are not this stream's.
    if (typeof person !== 'string' || !people.ids.has(person)) continue;
    const created = cursorValue(delivery, def.cursor);
    if (created !== undefined && created < r.from) continue;
    const record = build(def.bulk.toItem(delivery), { [field]: person });
    if (record === undefined) continue;
    out.push(record);
    if (sample.has(person)) noteDerived(r.derived, person, record['id'], created);
  }
  return out;
}
