/**
 * Benchmark, not a test: reads a fake workspace with the built connector and reports, per stream,
 * records, requests sent (retries included) against the fewest requests the API allows, seconds,
 * and the connector's peak memory.
 *
 *   npm run bench [-- --size tiny|small|large] [--streams a,b,c] [--latency-ms N]
 *
 * --latency-ms delays every answer of the fake API, to see whether the connector still keeps the
 * request budget busy when each request takes that long.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startFakeApi, type Dataset } from '../fake-api/index.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { parseSummary } from '../src/summary.js';
import { configuredCatalog, ROOT, runConnector, tempDir, writeJson, ofType, type Json } from '../test/helpers/connector.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const size = (arg('size') ?? 'large') as 'tiny' | 'small' | 'large';
/** Per-person streams cost one request per person (the API has no batch endpoint for them): left out of the large default. */
const DEFAULT_STREAMS = 'campaigns,campaign_actions,campaign_metrics,campaign_action_metrics,broadcasts,broadcast_actions,newsletters,segments,segment_membership,messages,campaign_messages,activities,customers,customer_attributes,objects,esp_suppressions';
const streams = (arg('streams') ?? DEFAULT_STREAMS).split(',');
const PERIODS = ['days'];
const DAY = 86_400;
const MAX_WINDOW = 183 * DAY;
/** What the connector reads without start_date. */
const HISTORY = DEFAULT_HISTORY_SECONDS;

const pages = (n: number, per: number) => Math.max(1, Math.ceil(n / per));

/**
 * The fewest requests that can read a stream, given page sizes and the 6-month window cap. A
 * child's parents are listed once per sync for all its siblings, so they are counted apart
 * (parentListing), not in the child.
 */
function minimum(d: Dataset, stream: string): number | undefined {
  const windows = Math.ceil(HISTORY / MAX_WINDOW);
  const byParent = <T>(items: T[], key: (t: T) => unknown, parents: unknown[], per: number) =>
    parents.reduce<number>((n, p) => n + pages(items.filter((i) => key(i) === p).length, per), 0);
  switch (stream) {
    case 'campaigns': case 'broadcasts': case 'segments': return 1;
    case 'newsletters': return pages(d.newsletters.length, 1000);
    case 'campaign_actions': return byParent(d.campaignActions, (a) => a.campaign_id, d.campaigns.map((c) => c.id), 10);
    case 'broadcast_actions': return d.broadcasts.length;
    case 'campaign_metrics': return d.campaigns.length * PERIODS.length;
    case 'campaign_action_metrics': return d.campaignActions.length * PERIODS.length;
    case 'segment_membership': return byParent(d.segmentMembers, (m) => m.segment_id, d.segments.map((s) => s.id), 30000);
    case 'messages': return Math.max(windows, pages(d.messages.length, 1000));
    case 'campaign_messages': return d.campaigns.reduce((n, c) => n + Math.max(windows, pages(d.messages.filter((m) => m.campaign_id === c.id).length, 1000)), 0);
    case 'activities': return pages(d.activities.filter((a) => !d.deletedPeople.some((p) => p.cio_id === a.customer_identifiers.cio_id)).length, 100);
    case 'customers': return pages(d.people.length, 1000);
    case 'customer_attributes': return pages(d.people.length, 100);
    case 'objects': return d.objectTypes.reduce((n, t) => n + pages(d.objects.filter((o) => o.object_type_id === t.id).length, 1000), 0);
    case 'esp_suppressions': return ['bounces', 'blocks', 'spam_reports', 'invalid_emails'].reduce((n, t) => n + Math.floor(d.suppressions.filter((s) => s.type === t).length / 1000) + 1, 0);
    default: return undefined;
  }
}

/** The parent lists the selected child streams need, each read once: their fewest requests together. */
function parentListing(d: Dataset, selected: string[]): number {
  const needs: Record<string, string[]> = {
    campaigns: ['campaign_actions', 'campaign_metrics', 'campaign_messages', 'campaign_journey_metrics', 'campaign_link_metrics'],
    campaign_actions: ['campaign_action_metrics'],
    broadcasts: ['broadcast_actions', 'broadcast_messages', 'broadcast_metrics'],
    broadcast_actions: ['broadcast_action_metrics'],
    segments: ['segment_membership'],
    object_types: ['objects'],
  };
  let n = 0;
  for (const [parent, children] of Object.entries(needs)) {
    if (!children.some((c) => selected.includes(c))) continue;
    n += parent === 'campaign_actions' ? minimum(d, 'campaign_actions')! : parent === 'broadcast_actions' ? d.broadcasts.length : 1;
    // A grandchild's parents are listed through their own parents.
    if (parent === 'campaign_actions' && !needs['campaigns']!.some((c) => selected.includes(c))) n += 1;
    if (parent === 'broadcast_actions' && !needs['broadcasts']!.some((c) => selected.includes(c))) n += 1;
  }
  return n;
}

function peakRss(pid: number, into: { kb: number }): NodeJS.Timeout {
  return setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) into.kb = Math.max(into.kb, Number(m[1]));
    } catch {
      // the process has exited
    }
  }, 100);
}

const key = 'bench-key';
process.stderr.write(`Generating a '${size}' dataset...\n`);
const api = await startFakeApi({ apiKey: key, datasetOptions: { size, seed: 42 } });
try {
  const dir = tempDir();
  const config = writeJson(dir, 'config.json', { app_api_key: key, base_url: api.url, metrics_periods: PERIODS });
  const disc = await runConnector(['discover', '--config', config]);
  const discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
  const catalog = writeJson(dir, 'catalog.json', configuredCatalog(streams.map((name) => ({ name })), discovered));
  const latency = Number(arg('latency-ms') ?? 0);
  if (latency > 0) api.setFaults({ slowMs: latency });
  api.clearLog();
  const started = Date.now();
  const peak = { kb: 0 };
  const stats = new Map<string, { records: number; requests: number; seconds: number }>();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bin', 'main.js'), 'read', '--config', config, '--catalog', catalog], { stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = peakRss(child.pid as number, peak);
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{"type":"LOG"')) return;
    const summary = parseSummary(line);
    if (summary) stats.set(summary.stream, summary);
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const total = (Date.now() - started) / 1000;
  const rows = [['stream', 'records', 'requests', 'minimum', 'ratio', 'seconds']];
  for (const name of streams) {
    const s = stats.get(name);
    const min = minimum(api.dataset, name);
    rows.push([name, String(s?.records ?? '-'), String(s?.requests ?? '-'), String(min ?? '-'), s && min ? (s.requests / min).toFixed(2) : '-', s ? s.seconds.toFixed(1) : '-']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
  const served = api.requests.length;
  const fewest = streams.reduce((n, name) => n + (minimum(api.dataset, name) ?? 0), 0) + parentListing(api.dataset, streams);
  const limited = api.requests.filter((r) => r.status === 429).length;
  process.stdout.write(`${out}\n\nexit ${code}; ${total.toFixed(1)} s wall; ${served} requests served (${limited} answered 429) for a minimum of ${fewest} (parent lists included, read once each), ${(served / total).toFixed(2)} requests/s; connector peak RSS ${(peak.kb / 1024).toFixed(0)} MiB${latency > 0 ? `; every answer delayed ${latency} ms` : ''}\n`);
} finally {
  await api.close();
}
