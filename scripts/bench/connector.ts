/** Runs the built connector as its own process and measures it: CPU time, peak RSS, stdout. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, tempDir } from '../../test/helpers/connector.js';
import { imageNodeFlags } from './image-flags.js';
import { OutputSink } from './sink.js';

const PRELOAD = path.join(ROOT, 'scripts', 'bench', 'usage-preload.mjs');

export interface Usage {
  /** CPU time, user and system, in µs. */
  userMicros: number;
  systemMicros: number;
  /** Peak resident set size in KiB. */
  maxRssKb: number;
}

export interface ConnectorRun {
  code: number;
  seconds: number;
  usage: Usage | undefined;
  sink: OutputSink;
  stderr: string;
}

function readUsage(file: string): Usage | undefined {
  if (!existsSync(file)) return undefined;
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const n = (k: string) => (typeof r[k] === 'number' ? r[k] : 0);
  return { userMicros: n('userCPUTime'), systemMicros: n('systemCPUTime'), maxRssKb: n('maxRSS') };
}

/** `profileDir`: also write a V8 CPU profile (node --cpu-prof) there. `node`: the Node binary (default: this one). */
export async function runMeasured(args: string[], options: { profileDir?: string; node?: string } = {}): Promise<ConnectorRun> {
  const usageFile = path.join(tempDir(), 'usage.json');
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const started = performance.now();
  const child = spawn(options.node ?? process.execPath, [...imageNodeFlags(), '--import', pathToFileURL(PRELOAD).href, ...profile, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sink = new OutputSink();
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => sink.write(chunk));
  child.stderr.setEncoding('utf8');
  // Only the end is worth showing when something goes wrong.
  child.stderr.on('data', (text: string) => { stderr = (stderr + text).slice(-20_000); });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  sink.end();
  const usage = readUsage(usageFile);
  rmSync(path.dirname(usageFile), { recursive: true, force: true });
  return { code, seconds: (performance.now() - started) / 1000, usage, sink, stderr };
}

export const cpuMicros = (u: Usage): number => u.userMicros + u.systemMicros;
