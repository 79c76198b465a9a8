/** The benchmark's text report: aligned tables, figures beside their targets. */
import type { CpuResult } from './cpu.js';
import type { ProfileSummary } from './profile.js';
import type { RequestResult } from './requests.js';

/** The targets (issue 8); printed, never enforced: this is a benchmark, not a test. */
/** The connector's own CPU a record is measured above a bare receiver of the same answers at the same pace. */
export const TARGETS = { ratio: 1, ownMicrosPerRecord: 8, peakRssMb: 150 } as const;

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const fixed = (n: number | undefined, digits: number) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

/** `align` has one letter per column, l or r; by default the first column is left-aligned, the others right. */
export function table(rows: string[][], align = 'l'): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align[i] ?? 'r') === 'l';
  return rows.map((r) => r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function requestsReport(r: RequestResult): string {
  const rows = [['endpoint', 'requests', 'minimum', 'ratio', '429', 'errors']];
  for (const row of r.rows) {
    rows.push([row.template, int(row.requests), row.minimum === undefined ? '-' : int(row.minimum), fixed(row.ratio, 2), int(row.rateLimited), int(row.errors)]);
  }
  const t = r.total;
  rows.push(['total', int(t.requests), int(t.minimum), fixed(t.ratio, 2), int(t.rateLimited), int(t.errors)]);
  const lines = [
    `Requests per endpoint, '${r.size}' workspace, ${r.streams} streams selected (target: ratio ${TARGETS.ratio.toFixed(2)} on every row)`,
    table(rows),
    `exit ${r.exitCode}; ${int(r.records)} records; ${int(t.requests)} requests in ${r.seconds.toFixed(1)} s (${(t.requests / r.seconds).toFixed(2)}/s), ` +
      `${int(t.rateLimited)} more refused with 429; connector peak RSS ${fixed(r.peakRssMb, 0)} MB`,
  ];
  if (r.incomplete.length > 0) lines.push(`incomplete streams: ${r.incomplete.join(', ')}`);
  for (const e of r.errors.slice(0, 5)) lines.push(`error: ${e}`);
  if (r.unknownStreams.length > 0) lines.push(`no minimum rule in scripts/bench/minimum.ts for: ${r.unknownStreams.join(', ')}`);
  return lines.join('\n');
}

export function cpuReport(results: readonly CpuResult[]): string {
  const rows = [['messages', 'records', 'seconds', 'CPU s', 'µs/record', 'net of startup', 'receiving', 'of it waking', 'own', 'peak RSS MB']];
  for (const c of results) {
    const own = c.floorMicrosPerRecord === undefined ? undefined : c.microsPerRecordNet - c.floorMicrosPerRecord;
    rows.push([int(c.messages), int(c.records), c.seconds.toFixed(1), (c.cpuMs / 1000).toFixed(2), c.microsPerRecord.toFixed(2), c.microsPerRecordNet.toFixed(2),
      fixed(c.floorMicrosPerRecord, 2), fixed(c.wakingMicrosPerRecord, 2), fixed(own, 2), c.peakRssMb.toFixed(0)]);
  }
  const first = results[0];
  return [
    `Connector CPU (user + system) and memory reading only \`messages\` on Node ${first?.node ?? '?'} (targets: own ≤ ${TARGETS.ownMicrosPerRecord} µs/record above the bare receiver; peak RSS ≤ ${TARGETS.peakRssMb} MB, the same at every size)`,
    table(rows),
    `startup (a \`spec\` run) costs ${fixed(first?.startupCpuMs, 0)} ms of CPU, subtracted in "net of startup";`,
    `"receiving": a bare receiver (undici and the connector's limiter, no parsing) fetching the same answers at the same ${first?.requestsPerSecond ?? '?'} requests a second and dropping them`,
    '(scripts/bench/receive-floor.ts): Node\'s HTTP stack, the kernel and the waits, which no connector code can remove; "own" = net of startup - receiving;',
    '"of it waking": a process that only wakes as often, with no request (on a virtual machine each wake can cost a millisecond or more).',
  ].join('\n');
}

export function profileReport(messages: number, p: ProfileSummary): string {
  const rows = [['self %', 'self ms', 'function', 'file']];
  for (const f of p.functions) rows.push([`${f.percent.toFixed(1)}%`, int(f.selfMs), f.name, f.file]);
  const files = [['self %', 'self ms', 'file']];
  for (const f of p.files) files.push([`${f.percent.toFixed(1)}%`, int(f.selfMs), f.file]);
  return [
    `CPU profile of the ${int(messages)}-message read: ${int(p.busyMs)} ms busy (${int(p.idleMs)} ms idle, left out); top functions by self time`,
    table(rows, 'rrll'),
    'by file',
    table(files, 'rrl'),
  ].join('\n');
}
