/**
 * People mode: the people streams with `messages` and `activities`, read from the fake at its rate
 * limit with every answer delayed, once per route the connector's spec offers, each set beside its
 * minimum (people-minimum.ts) and its wall time beside requests / rate. Also `messages` alone on
 * a delayed fake, for records per second. Measures only; never fails on a figure.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateDataset, SIZE_PRESETS, startFakeApi, type FakeApi, type SizeName } from '../../fake-api/index.js';
import { configuredCatalog, discoverFake, ROOT, tempDir, writeJson } from '../../test/helpers/connector.js';
import { runMeasured } from './connector.js';
import { startFakeProcess, stopFakeProcess } from './fake-process.js';
import { ENDPOINTS } from './minimum.js';
import { PEOPLE_STREAMS, PER_PERSON, peopleMinimum, routesOffered } from './people-minimum.js';
import { defaultHistory, outcomes, templateRows, type TemplateRow, type TemplateTotal } from './requests.js';
import { countByTemplate } from './templates.js';

const KEY = 'bench-key';
const SEED = 42;

export interface PeopleOptions {
  size: SizeName;
  /** Undefined: the preset's. */
  people: number | undefined;
  latencyMs: number;
  rps: number;
  /** Only these routes of those the spec offers (undefined: every one). */
  routes: readonly string[] | undefined;
}

export interface RouteRun {
  /** The `people_streams_route` sent, or undefined when the spec has no such option. */
  route: string | undefined;
  exitCode: number;
  records: number;
  seconds: number;
  incomplete: string[];
  errors: string[];
  rows: TemplateRow[];
  total: TemplateTotal;
}

export interface PeopleResult {
  size: SizeName;
  people: number;
  deliveries: number;
  activities: number;
  latencyMs: number;
  rps: number;
  runs: RouteRun[];
}

/** Reads `streams` once with `extra` in the config; the fake's log is counted against `minimum`. */
async function readOnce(api: FakeApi, streams: readonly string[], extra: Record<string, unknown>, latencyMs: number, minimum: (a: FakeApi) => Map<string, number>) {
  const dir = tempDir();
  try {
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir, extra);
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog(streams.map((name) => ({ name })), discovered));
    // Discovery is not timed; the delay starts with the read.
    api.setFaults({ slowMs: latencyMs });
    api.clearLog();
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog]);
    api.setFaults({ slowMs: 0 });
    const compared = templateRows(minimum(api), countByTemplate(api.requests, [...ENDPOINTS.keys()]));
    return { exitCode: run.code, records: run.sink.records, seconds: run.seconds, ...outcomes(run.sink.others), ...compared };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPeople(o: PeopleOptions, log: (text: string) => void): Promise<PeopleResult> {
  const preset = SIZE_PRESETS[o.size];
  const people = o.people ?? preset.people;
  log(`Generating a '${o.size}' dataset with ${people} people...\n`);
  const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: { ...preset, people }, seed: 42 }, requestsPerSecond: o.rps });
  try {
    const offered = routesOffered(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'spec.json'), 'utf8')));
    const routes: (string | undefined)[] = (offered ?? [undefined]).filter((r) => o.routes === undefined || r === undefined || o.routes.includes(r));
    const runs: RouteRun[] = [];
    for (const route of routes) {
      log(`Reading the people streams (route ${route ?? `${PER_PERSON}, the only one`}) with ${o.latencyMs} ms answers at ${o.rps || 'unlimited'} requests per second...\n`);
      const extra = route === undefined ? {} : { people_streams_route: route };
      const history = defaultHistory(Math.floor(Date.now() / 1000));
      const minimum = (a: FakeApi) => peopleMinimum(a.dataset, { periods: ['days'], ...history }, route ?? PER_PERSON);
      runs.push({ route, ...(await readOnce(api, PEOPLE_STREAMS, extra, o.latencyMs, minimum)) });
    }
    const d = api.dataset;
    return { size: o.size, people: d.people.length, deliveries: d.messages.length, activities: d.activities.length, latencyMs: o.latencyMs, rps: o.rps, runs };
  } finally {
    await api.close();
  }
}

export interface MessagesLatencyResult {
  messages: number;
  latencyMs: number;
  rps: number;
  run: RouteRun;
}

/**
 * `messages` alone from a fake of `messages` deliveries whose every answer takes `latencyMs`. The
 * fake runs in its own process (its CPU would otherwise share the bench's event loop, which reads
 * the connector's output); the fewest requests are counted on a copy of its dataset built here
 * from the same seed and clock.
 */
export async function benchMessagesLatency(o: { messages: number; latencyMs: number; rps: number }, log: (text: string) => void): Promise<MessagesLatencyResult> {
  log(`Generating ${o.messages} deliveries...\n`);
  const now = Math.floor(Date.now() / 1000);
  const size = { ...SIZE_PRESETS.tiny, messages: o.messages };
  const fake = await startFakeProcess({ key: KEY, messages: o.messages, seed: SEED, rps: o.rps, latencyMs: o.latencyMs, now });
  const dir = tempDir();
  try {
    const { config, streams } = await discoverFake(fake.url, KEY, dir);
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog([{ name: 'messages' }], streams));
    log(`Reading messages with ${o.latencyMs} ms answers at ${o.rps || 'unlimited'} requests per second...\n`);
    fake.log.recording = true;
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog]);
    fake.log.recording = false;
    const key = 'GET /v1/messages';
    const history = defaultHistory(Math.floor(Date.now() / 1000));
    const dataset = generateDataset({ size, seed: SEED, now });
    const minimum = new Map([[key, ENDPOINTS.get(key)?.count(dataset, { streams: ['messages'], periods: ['days'], ...history }) ?? 0]]);
    const compared = templateRows(minimum, countByTemplate(fake.log.calls, [...ENDPOINTS.keys()]));
    const result = { exitCode: run.code, records: run.sink.records, seconds: run.seconds, ...outcomes(run.sink.others), ...compared };
    return { messages: o.messages, latencyMs: o.latencyMs, rps: o.rps, run: { route: undefined, ...result } };
  } finally {
    await stopFakeProcess(fake);
    rmSync(dir, { recursive: true, force: true });
  }
}
