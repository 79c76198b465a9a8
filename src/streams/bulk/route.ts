import { stateNumber } from '../cursor.js';
import { windowRange } from '../custom/windows.js';
import type { ListStream, PeopleSet, ReadContext, StreamDefinition, StreamRun, WindowStream } from '../types.js';
import { estimatePages, windowsIn } from './estimate.js';
import { readPeopleSet } from './people.js';

/** The per-person streams read from their workspace-wide list this sync, and the people set they need. */
export interface RouteChoice {
  bulk: ReadonlySet<string>;
  people: PeopleSet | undefined;
}

export interface RouteDeps {
  ctx: ReadContext;
  definitions: ReadonlyMap<string, StreamDefinition>;
  log: (level: 'INFO' | 'WARN', message: string) => Promise<void>;
}

/** The range of deliveries a windowed per-person stream reads this sync, from either route's state (both keep `created`). */
export function bulkRange(ctx: ReadContext, run: StreamRun & { def: WindowStream }): { from: number; to: number } {
  const saved = run.syncMode === 'incremental' ? stateNumber(run.state, run.def.cursor) : undefined;
  return windowRange(ctx, run, saved);
}

function asWindows(def: StreamDefinition | undefined): WindowStream | undefined {
  return def?.read === 'windows' ? def : undefined;
}

/**
 * Picks each selected per-person stream's route. `per_person` keeps today's reads; `auto` reads
 * the people search first (the bulk route needs it) and takes the bulk route when it costs fewer
 * requests: always when the workspace list is read anyway, else by an estimate of its pages
 * against a chain per person and window.
 */
export async function choosePeopleRoutes(runs: readonly StreamRun[], deps: RouteDeps): Promise<RouteChoice> {
  const { ctx, definitions, log } = deps;
  const bulk = new Set<string>();
  let people: PeopleSet | undefined;
  if (ctx.config.peopleStreamsRoute === 'per_person') return { bulk, people };
  const selected = new Set(runs.map((r) => r.def.name));
  for (const run of runs) {
    const route = run.def.bulk;
    const def = asWindows(run.def);
    const from = asWindows(route ? definitions.get(route.from) : undefined);
    const search = definitions.get(run.def.parent?.stream ?? '');
    if (route === undefined || def === undefined || from === undefined || search?.read !== 'list') continue;
    people ??= await readPeopleSet(ctx, search as ListStream);
    const range = bulkRange(ctx, { ...run, def });
    const windows = windowsIn(def, range);
    const perPerson = people.ids.size * windows;
    const check = people.sample.length * windows;
    const shared = selected.has(from.name);
    const pages = shared ? 0 : await estimatePages(ctx, from, range);
    const cheaper = pages + check < perPerson;
    const why = shared
      ? `${from.name} is selected, so ${from.path} is read anyway; the bulk route adds only the self-check (about ${check} requests) against about ${perPerson} per person for ${people.ids.size} people`
      : `about ${pages} pages of ${from.path} and ${check} for the self-check against about ${perPerson} requests per person for ${people.ids.size} people`;
    if (shared || cheaper) bulk.add(def.name);
    await log('INFO', `${def.name}: ${shared || cheaper ? `bulk route (from ${from.path})` : 'per-person route'}: ${why}.`);
  }
  return { bulk, people };
}
