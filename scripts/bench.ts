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
 *      --latency-ms N            delay every answer, to see that the request budget stays busy
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
 *   --only requests|cpu          one part only (cpu includes the profile)
 *   --json                       print the results as JSON instead of the tables
 */
import { parseArgs } from 'node:util';
import type { SizeName } from '../fake-api/index.js';
import { benchMessages, type CpuResult } from './bench/cpu.js';
import type { ProfileSummary } from './bench/profile.js';
import { cpuReport, profileReport, requestsReport, TARGETS } from './bench/report.js';
import { benchRequests, type RequestResult } from './bench/requests.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'tiny' },
    streams: { type: 'string' },
    periods: { type: 'string', default: 'days' },
    'start-date': { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
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
if (only !== undefined && only !== 'requests' && only !== 'cpu') fail('--only must be requests or cpu');
const sizes = (list(values.messages) ?? []).map((m) => count(m, 'messages'));
const log = (text: string) => process.stderr.write(text);

let requests: RequestResult | undefined;
const cpu: CpuResult[] = [];
let profile: { messages: number; summary: ProfileSummary } | undefined;

if (only !== 'cpu') {
  requests = await benchRequests({
    size,
    streams: list(values.streams),
    periods: list(values.periods) ?? ['days'],
    startDate: values['start-date'],
    latencyMs: count(values['latency-ms'], 'latency-ms'),
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
