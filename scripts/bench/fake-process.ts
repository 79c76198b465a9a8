/**
 * The fake API in its own process (fake-api/main.ts), for figures the fake's own CPU would
 * distort: in the bench's process it would share an event loop with the parsing of the
 * connector's output. Its request log comes back over stderr, one line a request.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ROOT } from '../../test/helpers/connector.js';
import type { LoggedCall } from './templates.js';

export interface FakeProcessOptions {
  key: string;
  messages: number;
  seed: number;
  /** 0: no rate limit. */
  rps: number;
  latencyMs?: number;
  /** The dataset's clock, unix seconds (default: the fake's current time). */
  now?: number;
}

export interface FakeProcess {
  url: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The requests answered while `recording` is true, in the order logged. */
  log: { recording: boolean; calls: Array<LoggedCall & { query: string }> };
}

/** "GET /v1/messages?start_ts=1 -> 200 (fault)" as main.ts logs it. */
const LINE = /^([A-Z]+) (\/v1\/[^?\s]*)(\?\S*)? -> (\d+)/;

/** Starts fake-api/main.ts with a tiny workspace of `messages` deliveries; resolves once it prints its URL. */
export async function startFakeProcess(o: FakeProcessOptions): Promise<FakeProcess> {
  const child = spawn(process.execPath, [
    // A million full deliveries take about 1 GB of heap.
    '--max-old-space-size=4096', '--import', 'tsx', path.join(ROOT, 'fake-api', 'main.ts'),
    '--size', 'tiny', '--messages', String(o.messages), '--rps', String(o.rps), '--seed', String(o.seed), '--key', o.key,
    '--latency', String(o.latencyMs ?? 0), ...(o.now === undefined ? [] : ['--now', String(o.now)]),
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  let partial = '';
  const log: FakeProcess['log'] = { recording: false, calls: [] };
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    // Only the end is kept, for a fake that fails to start.
    errors = (errors + text).slice(-4000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    if (!log.recording) return;
    for (const line of lines) {
      const m = LINE.exec(line);
      if (m !== null) log.calls.push({ method: m[1] as string, path: m[2] as string, query: m[3] ?? '', status: Number(m[4]) });
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`the fake API exited (${code}) before serving:\n${errors}`)));
  });
  return { url, child, log };
}

export function stopFakeProcess(fake: FakeProcess): Promise<void> {
  const { child } = fake;
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
