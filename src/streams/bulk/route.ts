import { windowRange } from '../custom/windows.js';
import type { NewestFirstStream, PeopleSet, ReadContext, ReadEvent, StreamDefinition, StreamRun, WindowStream } from '../types.js';
import type { ResolvedConfig } from '../../config.js';
import { estimateActivityPages, estimatePages, windowsIn } from './estimate.js';

/**
 * Why the activities layout keeps customer_activities per person, or undefined when it does not:
 * with activity_types the workspace list is read one type a pass, so it lacks the other types a
 * person's list has; with per_type its pass belongs to the per-type streams.
 */
export function activitiesBulkSkip(config: ResolvedConfig): string | undefined {
  if (config.activityTypes.length > 0) return 'activity_types is configured, so GET /v1/activities is read one type a pass and lacks the other types a person\'s list holds';
  if (config.activitiesLayout === 'per_type') return 'activities_layout is per_type, whose streams share the pass over GET /v1/activities on their own';
  return undefined;
}

function hasBulkRoute(run: StreamRun, config: ResolvedConfig): boolean {
  if (run.def.bulk === undefined) return false;
  return run.def.read === 'windows' || (run.def.read === 'list' && activitiesBulkSkip(config) === undefined);
}

/**
 * The selected per-person streams that go below their workspace-wide list in the plan: every one
 * with a bulk route unless the config keeps them per person. Whether the bulk route is cheaper is
 * weighed once the people count is known (weighRoute); a stream for which it is not is then read
 * per person.
 */
export function bulkCandidates(runs: readonly StreamRun[], config: ResolvedConfig): Set<string> {
  if (config.peopleStreamsRoute === 'per_person') return new Set();
  return new Set(runs.filter((r) => hasBulkRoute(r, config)).map((r) => r.def.name));
}

/** The INFO lines for selected streams with a bulk route that the config's layout keeps per person (auto only). */
export function bulkSkipLogs(runs: readonly StreamRun[], config: ResolvedConfig): string[] {
  if (config.peopleStreamsRoute === 'per_person') return [];
  const why = activitiesBulkSkip(config);
  return runs.filter((r) => r.def.bulk !== undefined && !hasBulkRoute(r, config)).map((r) => `${r.def.name}: per-person route: ${why ?? 'no bulk route in this layout'}.`);
}

/** The INFO line of a stream's route choice. */
export function routeLog(stream: string, bulk: boolean, from: { path: string }, why: string): ReadEvent {
  return { type: 'log', level: 'INFO', message: `${stream}: ${bulk ? `bulk route (from ${from.path})` : 'per-person route'}: ${why}.` };
}

/** The choice between the routes and the counts behind it, for the log. */
function weighed(from: { name: string; path: string }, people: PeopleSet, perPerson: number, check: number, pages: number | undefined): { bulk: boolean; why: string } {
  if (pages === undefined) {
    return { bulk: true, why: `${from.name} is selected, so ${from.path} is read anyway; the bulk route adds only the self-check (about ${check} requests) against about ${perPerson} per person for ${people.ids.size} people` };
  }
  return { bulk: pages + check < perPerson, why: `about ${pages} pages of ${from.path} and ${check} for the self-check against about ${perPerson} requests per person for ${people.ids.size} people` };
}

/**
 * Whether the bulk route costs fewer requests than a chain per person and window: always when the
 * workspace list is read anyway (`shared`), else by an estimate of its pages.
 */
export async function weighRoute(ctx: ReadContext, run: StreamRun & { def: WindowStream }, from: WindowStream, people: PeopleSet, shared: boolean): Promise<{ bulk: boolean; why: string }> {
  // Either route's state keeps `created`, which windowRange reads.
  const range = windowRange(ctx, run);
  const windows = windowsIn(run.def, range);
  return weighed(from, people, people.ids.size * windows, people.sample.length * windows, shared ? undefined : await estimatePages(ctx, from, range));
}

/**
 * The same for a per-person activities list, which costs at least a request a person whatever
 * the range (no time filter): against the newest-first list's pages down to `lower`.
 */
export async function weighActivitiesRoute(ctx: ReadContext, from: NewestFirstStream, people: PeopleSet, lower: number | undefined, shared: boolean): Promise<{ bulk: boolean; why: string }> {
  return weighed(from, people, people.ids.size, people.sample.length, shared ? undefined : await estimateActivityPages(ctx, from, lower));
}

/** The people searches the bulk-routed streams need (their parents on the per-person route). */
export function peopleSearchesOf(bulk: ReadonlySet<string>, definitions: ReadonlyMap<string, StreamDefinition>): Set<string> {
  return new Set([...bulk].flatMap((name) => definitions.get(name)?.parent?.stream ?? []));
}
