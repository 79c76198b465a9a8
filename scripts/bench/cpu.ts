/**
 * CPU and memory: the connector reads only the `messages` stream from a fake with N deliveries.
 * The fake runs in its own process without a rate limit, so the read is short and the two
 * processes' CPU time never mixes.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config.js';
import { configuredCatalog, discoverFake, ROOT, tempDir, writeJson } from '../../test/helpers/connector.js';
import { cpuMicros, runMeasured } from './connector.js';
import { startFakeProcess, stopFakeProcess } from './fake-process.js';
import { readProfile, summarise, type ProfileSummary } from './profile.js';

/**
 * 32 characters: the writer searches every page for the key, and a short toy key makes that
 * search about 3 times slower (0.27 against 0.10 µs a record for 9 characters against 32).
 */
const KEY = 'c0ffee0ddba11b0a7f00d5eed1e5cafe';
const FLOOR = path.join(ROOT, 'scripts', 'bench', 'receive-floor.ts');

export interface CpuResult {
  messages: number;
  records: number;
  seconds: number;
  cpuMs: number;
  /** Connector CPU per record, and the same less the CPU of starting the process (a `spec` run). */
  microsPerRecord: number;
  microsPerRecordNet: number;
  startupCpuMs: number;
  /** The pace of the read (the config's requests_per_second), which the floor keeps too. */
  requestsPerSecond: number;
  /** Receiving the same answers at the same pace and dropping them, per record (receive-floor.ts); undefined when not measured. */
  floorMicrosPerRecord: number | undefined;
  /** The part of that floor spent only waking at the same pace, with no request sent; undefined when not measured. */
  wakingMicrosPerRecord: number | undefined;
  peakRssMb: number;
  exitCode: number;
  /** The Node version that ran the connector. */
  node: string;
}

const nodeVersion = (node: string): Promise<string> =>
  new Promise((resolve) => execFile(node, ['--version'], (error, stdout) => resolve(error ? node : stdout.trim())));

/** CPU µs of receiving `paths` through the connector's client at `rps`, bodies dropped, and of only waking that often. */
async function receiveFloor(node: string, url: string, rps: number, paths: readonly string[], dir: string): Promise<{ cpuMicros: number; wakingMicros: number }> {
  const file = path.join(dir, 'paths.txt');
  writeFileSync(file, paths.join('\n'));
  const child = spawn(node, ['--import', 'tsx', FLOOR, url, KEY, String(rps), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
  child.stderr.setEncoding('utf8').on('data', (t: string) => { err = (err + t).slice(-4000); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`the receive floor failed (exit ${code}):\n${err}`);
  return JSON.parse(out) as { cpuMicros: number; wakingMicros: number };
}

/** One read of N messages, measured; `profile` adds a second, profiled read and its summary. */
export async function benchMessages(messages: number, profile: boolean, log: (text: string) => void, node = process.execPath): Promise<{ result: CpuResult; profile?: ProfileSummary }> {
  log(`Starting a fake API with ${messages.toLocaleString('en-US')} messages...\n`);
  const fake = await startFakeProcess({ key: KEY, messages, seed: 42, rps: 0 });
  const dir = tempDir();
  try {
    const { config, streams } = await discoverFake(fake.url, KEY, dir);
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog([{ name: 'messages' }], streams));
    const startup = await runMeasured(['spec'], { node });
    log(`Reading ${messages.toLocaleString('en-US')} messages...\n`);
    fake.log.recording = true;
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog], { node });
    fake.log.recording = false;
    const paths = fake.log.calls.filter((c) => c.method === 'GET' && c.status === 200).map((c) => c.path + c.query);
    if (run.code !== 0 || run.usage === undefined) throw new Error(`the read failed (exit ${run.code}):\n${run.stderr}\n${run.sink.others.slice(-5).join('\n')}`);
    const cpu = cpuMicros(run.usage);
    const base = startup.usage ? cpuMicros(startup.usage) : 0;
    const records = run.sink.records;
    log(`Waking ${paths.length} times at the same pace, then receiving the same answers again and dropping them...\n`);
    const pace = parseConfig(JSON.parse(readFileSync(config, 'utf8'))).requestsPerSecond;
    const floor = records === 0 ? undefined : await receiveFloor(node, fake.url, pace, paths, dir);
    const result: CpuResult = {
      messages,
      records,
      seconds: run.seconds,
      cpuMs: cpu / 1000,
      microsPerRecord: records === 0 ? 0 : cpu / records,
      microsPerRecordNet: records === 0 ? 0 : (cpu - base) / records,
      startupCpuMs: base / 1000,
      requestsPerSecond: pace,
      floorMicrosPerRecord: floor && floor.cpuMicros / records,
      wakingMicrosPerRecord: floor && floor.wakingMicros / records,
      peakRssMb: run.usage.maxRssKb / 1024,
      exitCode: run.code,
      node: await nodeVersion(node),
    };
    if (!profile) return { result };
    log(`Reading ${messages.toLocaleString('en-US')} messages again under the CPU profiler...\n`);
    const profileDir = path.join(dir, 'profile');
    const profiled = await runMeasured(['read', '--config', config, '--catalog', catalog], { profileDir, node });
    if (profiled.code !== 0) throw new Error(`the profiled read failed (exit ${profiled.code}):\n${profiled.stderr}`);
    return { result, profile: summarise(readProfile(profileDir), ROOT) };
  } finally {
    await stopFakeProcess(fake);
    rmSync(dir, { recursive: true, force: true });
  }
}
