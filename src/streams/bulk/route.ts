import { windowRange } from '../custom/windows.js';
import type { PeopleSet, ReadContext, StreamDefinition, StreamRun, WindowStream } from '../types.js';
import type { ResolvedConfig } from '../../config.js';
import { estimatePages, windowsIn } from './estimate.js';

/**
 * The selected per-person streams that go below their workspace-wide list in the plan: every one
 * with a bulk route unless the config keeps them per person. Whether the bulk route is cheaper is
 * weighed once the people count is known (weighRoute); a stream for which it is not is then read
 * per person.
 */
export function bulkCandidates(runs: readonly StreamRun[], config: ResolvedConfig): Set<string> {
  if (config.peopleStreamsRoute === 'per_person') return new Set();
  return new Set(runs.filter((r) => r.def.bulk !== undefined && r.def.read === 'windows').map((r) => r.def.name));
}

/**
 * Whether the bulk route costs fewer requests than a chain per person and window: always when the
 * workspace list is read anyway (`shared`), else by an estimate of its pages. Returns the choice
 * and the counts behind it, for the log.
 */
export async function weighRoute(ctx: ReadContext, run: StreamRun & { def: WindowStream }, from: WindowStream, people: PeopleSet, shared: boolean): Promise<{ bulk: boolean; why: string }> {
  // Either route's state keeps `created`, which windowRange reads.
  const range = windowRange(ctx, run);
  const windows = windowsIn(run.def, range);
  const perPerson = people.ids.size * windows;
  const check = people.sample.length * windows;
  if (shared) {
    return { bulk: true, why: `${from.name} is selected, so ${from.path} is read anyway; the bulk route adds only the self-check (about ${check} requests) against about ${perPerson} per person for ${people.ids.size} people` };
  }
  const pages = await estimatePages(ctx, from, range);
  return { bulk: pages + check < perPerson, why: `about ${pages} pages of ${from.path} and ${check} for the self-check against about ${perPerson} requests per person for ${people.ids.size} people` };
}

/** The people searches the bulk-routed streams need (their parents on the per-person route). */
export function peopleSearchesOf(bulk: ReadonlySet<string>, definitions: ReadonlyMap<string, StreamDefinition>): Set<string> {
  return new Set([...bulk].flatMap((name) => definitions.get(name)?.parent?.stream ?? []));
}
