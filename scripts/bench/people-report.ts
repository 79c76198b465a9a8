/** The people mode's text report: requests per endpoint per route, wall time, the projection. */
import type { MessagesLatencyResult, PeopleResult, RouteRun } from './people.js';
import { PER_PERSON } from './people-minimum.js';
import type { Projection } from './projection.js';
import { fixed, int, table } from './report.js';

/** The issue's targets; printed beside the figures, never enforced. */
export const PEOPLE_TARGETS = { wallRatio: 1.2, messagesRecordsPerSecond: 9000 } as const;


/** The shortest a read of `requests` can take at `rps` (none when unlimited), and the measured time over it. */
export function wallTime(requests: number, rps: number, seconds: number): { idealSeconds: number | undefined; ratio: number | undefined } {
  if (rps <= 0 || requests === 0) return { idealSeconds: undefined, ratio: undefined };
  const idealSeconds = requests / rps;
  return { idealSeconds, ratio: seconds / idealSeconds };
}

export const REQUEST_COLUMNS = ['endpoint', 'requests', 'minimum', 'ratio', '429', 'errors'] as const;

export function requestTable(run: Pick<RouteRun, 'rows' | 'total'>): string {
  const rows: string[][] = [[...REQUEST_COLUMNS]];
  for (const r of run.rows) rows.push([r.template, int(r.requests), r.minimum === undefined ? '-' : int(r.minimum), fixed(r.ratio, 2), int(r.rateLimited), int(r.errors)]);
  const t = run.total;
  rows.push(['total', int(t.requests), int(t.minimum), fixed(t.ratio, 2), int(t.rateLimited), int(t.errors)]);
  return table(rows);
}

function runLines(run: RouteRun, rps: number): string[] {
  const wall = wallTime(run.total.requests, rps, run.seconds);
  const lines = [
    requestTable(run),
    `exit ${run.exitCode}; ${int(run.records)} records; wall ${run.seconds.toFixed(1)} s for ${int(run.total.requests)} requests, ` +
      `requests / rate ${fixed(wall.idealSeconds, 1)} s: ${fixed(wall.ratio, 2)}x (target ≤ ${PEOPLE_TARGETS.wallRatio.toFixed(1)}x)`,
  ];
  if (run.incomplete.length > 0) lines.push(`incomplete streams: ${run.incomplete.join(', ')}`);
  for (const e of run.errors.slice(0, 5)) lines.push(`error: ${e}`);
  return lines;
}

export const PROJECTION_COLUMNS = ['requests', PER_PERSON, 'bulk'] as const;

export function projectionReport(p: Projection): string {
  const w = p.workspace;
  const rows: string[][] = [[...PROJECTION_COLUMNS]];
  for (const r of p.rows) rows.push([r.part, int(r.perPerson), int(r.bulk)]);
  rows.push(['total', int(p.total.per_person), int(p.total.bulk)]);
  rows.push([`hours at ${w.rps} requests/s`, p.hours.per_person.toFixed(1), p.hours.bulk.toFixed(1)]);
  return [
    `Projection for ${int(w.people)} people, ${int(w.deliveries)} deliveries and ${int(w.activities)} activities (computed, not measured)`,
    table(rows),
    'assumptions:',
    ...p.assumptions.map((a) => `- ${a}`),
  ].join('\n');
}

export function peopleReport(r: PeopleResult, projection: Projection): string {
  const lines = [
    `People streams with messages and activities, '${r.size}' workspace: ${int(r.people)} people, ${int(r.deliveries)} deliveries, ${int(r.activities)} activities; ` +
      `every answer delayed ${int(r.latencyMs)} ms, fake limited to ${r.rps || 'unlimited'} requests/s`,
  ];
  for (const run of r.runs) {
    lines.push('', `route ${run.route ?? `${PER_PERSON} (the spec offers no people_streams_route: the only route)`}`, ...runLines(run, r.rps));
  }
  lines.push('', projectionReport(projection));
  return lines.join('\n');
}

export function messagesLatencyReport(r: MessagesLatencyResult): string {
  const run = r.run;
  const perSecond = run.seconds > 0 ? run.records / run.seconds : 0;
  return [
    `messages alone from ${int(r.messages)} deliveries, every answer delayed ${int(r.latencyMs)} ms, fake limited to ${r.rps || 'unlimited'} requests/s`,
    ...runLines(run, r.rps),
    `${fixed(perSecond, 0)} records/s (target ≥ ${int(PEOPLE_TARGETS.messagesRecordsPerSecond)})`,
  ].join('\n');
}
