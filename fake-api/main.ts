// Standalone fake Customer.io App API for manual runs and containers.
//   tsx fake-api/main.ts [--port N] [--key K] [--size tiny|small|large] [--messages N] [--people N] [--seed N] [--now S] [--rps N] [--latency MS] [--wrong-region us|eu]
// --latency MS delays every answer by MS milliseconds (a host far away).
// --now S builds the dataset as of unix second S (default: the current time), so that another
// process can build the same dataset (the bench counts the fewest requests from its own copy).
// --messages N replaces the preset's number of deliveries (npm run bench reads 1,000,000 of them);
// --people N its number of people (the bench's people mode sizes the per-person streams with it).
// Prints {"url":...,"key":...} on stdout, logs requests to stderr, stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startFakeApi } from './server.js';
import { SIZE_PRESETS, type SizeName } from './sizes.js';

const SIZES: readonly SizeName[] = ['tiny', 'small', 'large'];

function fail(message: string): never {
  process.stderr.write(`fake-api: ${message}\n`);
  process.exit(2);
}

function integerFlag(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be a non-negative integer`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      key: { type: 'string' },
      size: { type: 'string' },
      messages: { type: 'string' },
      people: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      rps: { type: 'string' },
      latency: { type: 'string' },
      host: { type: 'string' },
      'wrong-region': { type: 'string' },
    },
  });
  const size = SIZES.find((s) => s === (values.size ?? 'small')) ?? fail('--size must be tiny, small or large');
  const key = values.key ?? 'demo-key';
  const wrong = values['wrong-region'];
  const keyRegion = wrong === undefined ? undefined : (['us', 'eu'] as const).find((r) => r === wrong) ?? fail('--wrong-region must be us or eu');
  // Counts given on the command line replace the preset's.
  const overrides = (['messages', 'people'] as const).flatMap((name) => {
    const raw = values[name];
    return raw === undefined ? [] : [[name, integerFlag(raw, name, 0)] as const];
  });
  const started = Date.now();
  const api = await startFakeApi({
    apiKey: key,
    host: values.host ?? '127.0.0.1',
    port: integerFlag(values.port, 'port', 0),
    requestsPerSecond: integerFlag(values.rps, 'rps', 10),
    latencyMs: integerFlag(values.latency, 'latency', 0),
    datasetOptions: {
      size: overrides.length === 0 ? size : { ...SIZE_PRESETS[size], ...Object.fromEntries(overrides) },
      seed: integerFlag(values.seed, 'seed', 1),
      ...(values.now === undefined ? {} : { now: integerFlag(values.now, 'now', 0) }),
    },
    ...(keyRegion === undefined ? {} : { wrongRegion: { keyRegion } }),
    onRequest: (r) => {
      const query = new URLSearchParams(r.query).toString();
      process.stderr.write(`${r.method} ${r.path}${query ? `?${query}` : ''} -> ${r.status}${r.fault ? ` (${r.fault})` : ''}\n`);
    },
  });
  const d = api.dataset;
  process.stderr.write(
    `fake-api: '${size}' dataset in ${Date.now() - started} ms: ${d.campaigns.length} campaigns, ${d.people.length} people, ${d.messages.length} messages, ${d.activities.length} activities\n`,
  );
  process.stdout.write(`${JSON.stringify({ url: api.url, key })}\n`);

  const stop = (): void => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => fail(String(error)));
