/**
 * CPU and memory: the connector reads only the `messages` stream from a fake with N deliveries.
 * The fake runs in its own process without a rate limit, so the read is short and the two
 * processes' CPU time never mixes.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { configuredCatalog, discoverFake, ROOT, tempDir, writeJson } from '../../test/helpers/connector.js';
import { cpuMicros, runMeasured } from './connector.js';
import { readProfile, summarise, type ProfileSummary } from './profile.js';

const KEY = 'bench-key';

export interface CpuResult {
  messages: number;
  records: number;
  seconds: number;
  cpuMs: number;
  /** Connector CPU per record, and the same less the CPU of starting the process (a `spec` run). */
  microsPerRecord: number;
  microsPerRecordNet: number;
  startupCpuMs: number;
  peakRssMb: number;
  exitCode: number;
}

type FakeProcess = ChildProcessByStdio<null, Readable, Readable>;

/** Starts fake-api/main.ts with `messages` deliveries and no rate limit; resolves once it prints its URL. */
async function startFake(messages: number): Promise<{ url: string; child: FakeProcess }> {
  const child = spawn(process.execPath, [
    // A million full deliveries take about 1 GB of heap.
    '--max-old-space-size=4096', '--import', 'tsx', path.join(ROOT, 'fake-api', 'main.ts'),
    '--size', 'tiny', '--messages', String(messages), '--rps', '0', '--seed', '42', '--key', KEY,
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  // Every request is logged there; keep the end, for a fake that fails to start.
  child.stderr.setEncoding('utf8').on('data', (text: string) => { errors = (errors + text).slice(-4000); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`the fake API exited (${code}) before serving:\n${errors}`)));
  });
  return { url, child };
}

function stop(child: FakeProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One read of N messages, measured; `profile` adds a second, profiled read and its summary. */
export async function benchMessages(messages: number, profile: boolean, log: (text: string) => void): Promise<{ result: CpuResult; profile?: ProfileSummary }> {
  log(`Starting a fake API with ${messages.toLocaleString('en-US')} messages...\n`);
  const fake = await startFake(messages);
  const dir = tempDir();
  try {
    const { config, streams } = await discoverFake(fake.url, KEY, dir);
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog([{ name: 'messages' }], streams));
    const startup = await runMeasured(['spec']);
    log(`Reading ${messages.toLocaleString('en-US')} messages...\n`);
    const run = await runMeasured(['read', '--config', config, '--catalog', catalog]);
    if (run.code !== 0 || run.usage === undefined) throw new Error(`the read failed (exit ${run.code}):\n${run.stderr}\n${run.sink.others.slice(-5).join('\n')}`);
    const cpu = cpuMicros(run.usage);
    const base = startup.usage ? cpuMicros(startup.usage) : 0;
    const records = run.sink.records;
    const result: CpuResult = {
      messages,
      records,
      seconds: run.seconds,
      cpuMs: cpu / 1000,
      microsPerRecord: records === 0 ? 0 : cpu / records,
      microsPerRecordNet: records === 0 ? 0 : (cpu - base) / records,
      startupCpuMs: base / 1000,
      peakRssMb: run.usage.maxRssKb / 1024,
      exitCode: run.code,
    };
    if (!profile) return { result };
    log(`Reading ${messages.toLocaleString('en-US')} messages again under the CPU profiler...\n`);
    const profileDir = path.join(dir, 'profile');
    const profiled = await runMeasured(['read', '--config', config, '--catalog', catalog], { profileDir });
    if (profiled.code !== 0) throw new Error(`the profiled read failed (exit ${profiled.code}):\n${profiled.stderr}`);
    return { result, profile: summarise(readProfile(profileDir), ROOT) };
  } finally {
    await stop(fake.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
