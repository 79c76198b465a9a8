/**
 * Requests against the minimum: the connector reads the selected streams (default: every one,
 * parents and children together) from an in-process fake, whose request log is then counted per
 * endpoint template and set beside the fewest requests the data needs (minimum.ts).
 */
import { rmSync } from 'node:fs';
import { startFakeApi, type SizeName } from '../../fake-api/index.js';
import { configuredCatalog, discoverFake, tempDir, writeJson } from '../../test/helpers/connector.js';
import { runMeasured } from './connector.js';
import { ENDPOINTS, minimumRequests, unknownStreams } from './minimum.js';
import { countByTemplate, type TemplateCount } from './templates.js';

const KEY = 'bench-key';
const DAY = 86_400;
/** The connector's delivery history without start_date (README: "the last 360 days"). */
const DEFAULT_REACH_DAYS = 360;

export interface RequestOptions {
  size: SizeName;
  /** Undefined: every discovered stream. */
  streams: string[] | undefined;
  periods: string[];
  startDate: string | undefined;
  latencyMs: number;
  /** The fake's rate limit, requests per second (0: none). */
  rps: number;
}

export interface TemplateRow { template: string; requests: number; minimum: number | undefined; ratio: number | undefined; rateLimited: number; errors: number }

export interface RequestResult {
  size: SizeName;
  streams: number;
  /** Streams without a minimum rule in minimum.ts. */
  unknownStreams: string[];
  incomplete: string[];
  errors: string[];
  exitCode: number;
  records: number;
  seconds: number;
  peakRssMb: number | undefined;
  rows: TemplateRow[];
  total: TemplateTotal;
}

/** Final status per stream and error messages, from the TRACE lines. */
export function outcomes(lines: readonly string[]): { incomplete: string[]; errors: string[] } {
  const status = new Map<string, string>();
  const errors: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('{"type":"TRACE"')) continue;
    const trace = (JSON.parse(line) as { trace: { type: string; stream_status?: { stream_descriptor: { name: string }; status: string }; error?: { message: string } } }).trace;
    if (trace.stream_status) status.set(trace.stream_status.stream_descriptor.name, trace.stream_status.status);
    if (trace.error) errors.push(trace.error.message);
  }
  return { incomplete: [...status].filter(([, s]) => s === 'INCOMPLETE').map(([name]) => name), errors };
}

export interface TemplateTotal { requests: number; minimum: number; ratio: number; rateLimited: number; errors: number }

/** One row per template, minimum or counted, set side by side, and their sum. */
export function templateRows(minimum: ReadonlyMap<string, number>, counted: ReadonlyMap<string, TemplateCount>): { rows: TemplateRow[]; total: TemplateTotal } {
  const rows: TemplateRow[] = [];
  for (const template of new Set([...minimum.keys(), ...counted.keys()])) {
    const c = counted.get(template) ?? { requests: 0, rateLimited: 0, errors: 0 };
    const min = minimum.get(template);
    rows.push({ template, ...c, minimum: min, ratio: min ? c.requests / min : undefined });
  }
  const sum = (f: (r: TemplateRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const total = { requests: sum((r) => r.requests), minimum: sum((r) => r.minimum ?? 0), rateLimited: sum((r) => r.rateLimited), errors: sum((r) => r.errors), ratio: 0 };
  total.ratio = total.minimum === 0 ? 0 : total.requests / total.minimum;
  return { rows, total };
}

/** The delivery history of a sync without start_date, inclusive unix seconds, ending now. */
export function defaultHistory(nowSeconds: number): { from: number; to: number } {
  return { from: nowSeconds - DEFAULT_REACH_DAYS * DAY + 1, to: nowSeconds };
}

export async function benchRequests(o: RequestOptions, log: (text: string) => void): Promise<RequestResult> {
  log(`Generating a '${o.size}' dataset...\n`);
  const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: o.size, seed: 42 }, requestsPerSecond: o.rps });
  const dir = tempDir();
  try {
    const extra = { metrics_periods: o.periods, ...(o.startDate === undefined ? {} : { start_date: o.startDate }) };
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir, extra);
    const streams = o.streams ?? discovered.map((s) => String(s['name']));
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog(streams.map((name) => ({ name })), discovered));
    if (o.latencyMs > 0) api.setFaults({ slowMs: o.latencyMs });
    api.clearLog();
    const to = Math.floor(Date.now() / 1000);
    const from = o.startDate === undefined ? to - DEFAULT_REACH_DAYS * DAY + 1 : Math.floor(Date.parse(o.startDate) / 1000);
    log(`Reading ${streams.length} streams at ${o.rps || 'unlimited'} requests per second...\n`);
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog]);

    const minimum = minimumRequests(api.dataset, { streams, periods: o.periods, from, to });
    const { rows, total } = templateRows(minimum, countByTemplate(api.requests, [...ENDPOINTS.keys()]));
    return {
      size: o.size,
      streams: streams.length,
      unknownStreams: unknownStreams(streams),
      ...outcomes(run.sink.others),
      exitCode: run.code,
      records: run.sink.records,
      seconds: run.seconds,
      peakRssMb: run.usage && run.usage.maxRssKb / 1024,
      rows,
      total,
    };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
