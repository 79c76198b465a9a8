/**
 * Benchmark, not a test: it prints figures beside their targets and never fails on them.
 *
 *   npm run bench [-- options]
 *
 * 1. Requests: reads every discovered stream (parents and children together) from the fake API at
 *    its 10 requests per second, and prints requests per endpoint template against the fewest the
 *    data needs (scripts/bench/minimum.ts).
 *      --size tiny|small|large   the workspace (default tiny: ~30 s; small reads 2,500 people one
 *                                request per person and stream: ~20 min)
 *      --streams a,b,c           only these streams
 *      --periods days,weeks      metrics_periods (default days)
 *      --start-date ISO          start_date (default none: the connector's 360-day history)
 *      --latency-ms N            delay every answer, to see that the request budget stays busy (alias --latency)
 *      --rps N                   the fake's rate limit (default 10; 0: none)
 * 2. CPU and memory: reads only `messages` from a fake with N deliveries in another process, with
 *    no rate limit, and prints the connector's CPU µs per record and peak RSS.
 *      --messages N[,M]          default 100000; e.g. 100000,1000000
 *    Then it fetches the same answers again at the same pace and drops them: the part of that CPU
 *    that is receiving, not the connector's own work.
 *      --node PATH               run the connector with this Node binary (default: this one),
 *                                e.g. the Node 24 that .ci/run fetches and the image ships
 * 3. A CPU profile of the last of those reads (node --cpu-prof), summarised by function and file.
 *      --no-profile              skip it
 *
 * 4. People (only with --only people): the people streams (customers, customer_attributes,
 *    customer_messages, customer_activities, customer_relationships) with messages and activities,
 *    every answer delayed, once per people_streams_route the spec offers; requests per endpoint
 *    against each route's minimum, wall time against requests / rate, and a projection for
 *    1,000,000 people (scripts/bench/people.ts, projection.ts).
 *      --people N                people in the workspace (default: the --size preset's)
 *      --latency MS              the delay (alias of --latency-ms; default 400 in this mode)
 *      --routes auto,per_person  only these routes (default: every one the spec offers; per_person
 *                                sends a request per person and stream: 6,000 people take ~1 h)
 * 5. Messages at latency (only with --only messages-latency): `messages` alone from 200,000
 *    deliveries with every answer delayed (default 400 ms): records per second and requests.
 * 6. People memory (only with --only people-memory): the connector's peak RSS while its bulk
 *    routes hold the people set of a search of --people people (default 1,000,000), unpaced.
 *
 *   --only requests|cpu|people|messages-latency|people-memory   one part only (cpu includes the profile)
 *   --json                       print the results as JSON instead of the tables
 */
import { parseArgs } from 'node:util';
import type { SizeName } from '../fake-api/index.js';
import { benchMessages, type CpuResult } from './bench/cpu.js';
import type { ProfileSummary } from './bench/profile.js';
import { cpuReport, profileReport, requestsReport, TARGETS } from './bench/report.js';
import { benchRequests, type RequestResult } from './bench/requests.js';
import { benchMessagesLatency, benchPeople } from './bench/people.js';
import { messagesLatencyReport, peopleReport } from './bench/people-report.js';
import { ISSUE_WORKSPACE, project } from './bench/projection.js';
import { benchPeopleMemory, peopleMemoryReport } from './bench/people-memory.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'tiny' },
    streams: { type: 'string' },
    periods: { type: 'string', default: 'days' },
    'start-date': { type: 'string' },
    'latency-ms': { type: 'string' },
    latency: { type: 'string' },
    people: { type: 'string' },
    routes: { type: 'string' },
    rps: { type: 'string', default: '10' },
    messages: { type: 'string', default: '100000' },
    node: { type: 'string', default: process.execPath },
    profile: { type: 'boolean', default: true },
    'no-profile': { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const count = (raw: string, name: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, not '${raw}'`);
  return n;
};
const list = (raw: string | undefined) => raw?.split(',').map((s) => s.trim()).filter((s) => s !== '');

const SIZES: readonly SizeName[] = ['tiny', 'small', 'large'];
const size = SIZES.find((s) => s === values.size) ?? fail('--size must be tiny, small or large');
const only = values.only;
const ONLY = ['requests', 'cpu', 'people', 'messages-latency', 'people-memory'] as const;
if (only !== undefined && !ONLY.some((o) => o === only)) fail(`--only must be one of ${ONLY.join(', ')}`);
const latencyRaw = values.latency ?? values['latency-ms'];
/** Deliveries of the messages-latency fake: enough pages that startup does not weigh on records/s. */
const LATENCY_MESSAGES = 200_000;
const sizes = (list(values.messages) ?? []).map((m) => count(m, 'messages'));
const log = (text: string) => process.stderr.write(text);

let requests: RequestResult | undefined;
const cpu: CpuResult[] = [];
let profile: { messages: number; summary: ProfileSummary } | undefined;

if (only === 'people-memory') {
  const result = await benchPeopleMemory({ people: count(values.people ?? '1000000', 'people'), node: values.node, streams: list(values.streams) }, log);
  process.stdout.write(values.json ? `${JSON.stringify({ [only]: result }, null, 2)}\n` : `${peopleMemoryReport(result)}\n`);
  process.exit(0);
}

if (only === 'people' || only === 'messages-latency') {
  const latencyMs = count(latencyRaw ?? '400', 'latency');
  const rps = count(values.rps, 'rps');
  const projection = project(ISSUE_WORKSPACE);
  const result = only === 'people'
    ? await benchPeople({ size, people: values.people === undefined ? undefined : count(values.people, 'people'), latencyMs, rps, routes: list(values.routes) }, log)
    : await benchMessagesLatency({ messages: LATENCY_MESSAGES, latencyMs, rps }, log);
  if (values.json) process.stdout.write(`${JSON.stringify({ [only]: result, ...(only === 'people' ? { projection } : {}) }, null, 2)}\n`);
  else process.stdout.write(`${'runs' in result ? peopleReport(result, projection) : messagesLatencyReport(result)}\n`);
  process.exit(0);
}

if (only !== 'cpu') {
  requests = await benchRequests({
    size,
    streams: list(values.streams),
    periods: list(values.periods) ?? ['days'],
    startDate: values['start-date'],
    latencyMs: count(latencyRaw ?? '0', 'latency-ms'),
    rps: count(values.rps, 'rps'),
  }, log);
  if (!values.json) process.stdout.write(`${requestsReport(requests)}\n\n`);
}
if (only !== 'requests') {
  for (const [i, messages] of sizes.entries()) {
    const last = i === sizes.length - 1;
    const run = await benchMessages(messages, last && values.profile && !values['no-profile'], log, values.node);
    cpu.push(run.result);
    if (run.profile) profile = { messages, summary: run.profile };
  }
  if (!values.json) {
    process.stdout.write(`${cpuReport(cpu)}\n\n`);
    if (profile) process.stdout.write(`${profileReport(profile.messages, profile.summary)}\n`);
  }
}
if (values.json) process.stdout.write(`${JSON.stringify({ targets: TARGETS, requests, cpu, profile }, null, 2)}\n`);
