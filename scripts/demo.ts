/**
 * The quickstart: starts the fake Customer.io API, runs discover and a full read of every stream
 * with the built connector, writes the records to demo-output/records.jsonl and prints a summary
 * per stream (records, requests, seconds) on stderr. On a terminal a live line shows the read as
 * it goes; written to a file or a pipe, stderr gets the summary alone.
 *
 *   npm run demo [-- --size tiny|small|large]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeApi } from '../fake-api/index.js';
import { parseSummary } from '../src/summary.js';
import { LiveLine } from './live-line.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'bin', 'main.js');
const out = path.join(root, 'demo-output');
const sizeArg = process.argv.indexOf('--size');
const size = (sizeArg >= 0 ? process.argv[sizeArg + 1] : 'tiny') as 'tiny' | 'small' | 'large';

type Json = Record<string, unknown>;

function run(args: string[], onLine: (msg: Json) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (line) => onLine(JSON.parse(line) as Json));
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const key = 'demo-key';
  const live = new LiveLine(process.stderr);
  live.update(`Generating a '${size}' dataset and starting the fake Customer.io API...`, true);
  const api = await startFakeApi({ apiKey: key, datasetOptions: { size, seed: 1 } });
  try {
    const configFile = path.join(out, 'config.json');
    writeFileSync(configFile, JSON.stringify({ app_api_key: key, base_url: api.url, metrics_periods: ['days', 'weeks'] }, null, 2));

    live.update('Discovering the streams...', true);
    let catalog: Json | undefined;
    const discoverCode = await run(['discover', '--config', configFile], (m) => {
      if (m['type'] === 'CATALOG') catalog = m['catalog'] as Json;
    });
    if (discoverCode !== 0 || !catalog) throw new Error(`discover failed (exit ${discoverCode})`);
    const streams = catalog['streams'] as Json[];
    const configured = {
      streams: streams.map((stream) => ({ stream, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite', primary_key: stream['source_defined_primary_key'] })),
    };
    const catalogFile = path.join(out, 'catalog.json');
    writeFileSync(catalogFile, JSON.stringify(configured, null, 2));

    const recordsFile = path.join(out, 'records.jsonl');
    const sink = createWriteStream(recordsFile);
    const summary = new Map<string, { records: number; requests: number; seconds: number }>();
    const errors: string[] = [];
    const started = Date.now();
    const requestsBefore = api.requests.length;
    const progress = { records: 0, done: 0, running: new Set<string>() };
    const status = () => {
      const running = [...progress.running];
      return `${((Date.now() - started) / 1000).toFixed(0)} s  ${progress.done}/${streams.length} streams done  ${progress.records} records  ${api.requests.length - requestsBefore} requests${running.length > 0 ? `  reading ${running.join(', ')}` : ''}`;
    };
    // The clock moves while a page is awaited: refresh without waiting for a message.
    const refresh = live.live ? setInterval(() => live.update(status()), 500) : undefined;
    const code = await run(['read', '--config', configFile, '--catalog', catalogFile], (m) => {
      if (m['type'] === 'RECORD') {
        sink.write(JSON.stringify(m['record']) + '\n');
        progress.records++;
      } else if (m['type'] === 'TRACE' && (m['trace'] as Json)['type'] === 'STREAM_STATUS') {
        const st = (m['trace'] as Json)['stream_status'] as Json;
        const name = String((st['stream_descriptor'] as Json)['name']);
        if (st['status'] === 'STARTED') progress.running.add(name);
        else if (st['status'] === 'COMPLETE' || st['status'] === 'INCOMPLETE') {
          progress.running.delete(name);
          progress.done++;
        }
      } else if (m['type'] === 'LOG') {
        const text = String((m['log'] as Json)['message']);
        const parsed = parseSummary(text);
        if (parsed) summary.set(parsed.stream, parsed);
      } else if (m['type'] === 'TRACE' && (m['trace'] as Json)['type'] === 'ERROR') {
        errors.push(String(((m['trace'] as Json)['error'] as Json)['message']));
      }
      live.update(status());
    });
    clearInterval(refresh);
    live.clear();
    await new Promise<void>((resolve) => sink.end(resolve));
    const total = (Date.now() - started) / 1000;

    const rows = [...summary].sort(([a], [b]) => a.localeCompare(b));
    const width = Math.max(...rows.map(([n]) => n.length), 6);
    const lines = [`${'stream'.padEnd(width)}  ${'records'.padStart(8)}  ${'requests'.padStart(8)}  ${'seconds'.padStart(7)}`];
    for (const [name, s] of rows) lines.push(`${name.padEnd(width)}  ${String(s.records).padStart(8)}  ${String(s.requests).padStart(8)}  ${s.seconds.toFixed(1).padStart(7)}`);
    const sum = rows.reduce((acc, [, s]) => ({ records: acc.records + s.records, requests: acc.requests + s.requests }), { records: 0, requests: 0 });
    lines.push(`${'total'.padEnd(width)}  ${String(sum.records).padStart(8)}  ${String(sum.requests).padStart(8)}  ${total.toFixed(1).padStart(7)}`);
    process.stderr.write(`\n${lines.join('\n')}\n\nThe fake API received ${api.requests.length} requests (${api.requests.filter((r) => r.status === 429).length} answered 429).\n`);
    process.stderr.write(`Records: ${path.relative(process.cwd(), recordsFile)}; config and catalog beside it.\n`);
    for (const e of errors) process.stderr.write(`error: ${e}\n`);
    process.exitCode = code;
  } finally {
    await api.close();
  }
}

await main();
