import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi } from '../test/helpers/fake.js';
import { committed, configuredCatalog, ofType, pkOf, runConnector, tempDir, writeJson, type Json } from '../test/helpers/connector.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { expectedKeys } from './expected.js';

const KEY = 'sk-resume-1a2b3c4d5e';
/**
 * Enough of each to span several pages and checkpoints (3 pages of messages, 3 of people), small
 * enough for the test suite; reads at the 'large' size are the benchmark's (npm run bench).
 */
const SIZE = { people: 2_500, messages: 3_000, activities: 1_500 };
/** The read writes about 13,000 lines: kill points fall between the first pages and the end. */
const KILL_FROM = 1_000;
const KILL_SPREAD = 10_000;
const STREAMS: Array<{ name: string; syncMode: 'full_refresh' | 'incremental' }> = [
  { name: 'messages', syncMode: 'incremental' },
  { name: 'activities', syncMode: 'incremental' },
  { name: 'campaign_messages', syncMode: 'incremental' },
  { name: 'customers', syncMode: 'full_refresh' },
  { name: 'customer_attributes', syncMode: 'full_refresh' },
  { name: 'segment_membership', syncMode: 'full_refresh' },
];

/** A small seeded PRNG: kill points chosen at random once, reproducible from the seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('SIGKILL at random points, resumed from the last STATEs, loses no record', { timeout: 300_000 }, async () => {
  const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: SIZE, seed: 99 } });
  try {
    assert.ok(api.dataset.messages.length > 2_000 && api.dataset.people.length > 2_000, 'more than two pages of messages and of people');
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
    const disc = await runConnector(['discover', '--config', config]);
    const discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
    const catalog = writeJson(dir, 'catalog.json', configuredCatalog(STREAMS, discovered));
    // A fixed seed: the same kill points on every run and date; RESUME_SEED tries others.
    const seed = Number(process.env['RESUME_SEED'] ?? 4_271);
    const random = mulberry32(seed);
    const seen = new Map<string, Set<string>>(STREAMS.map((s) => [s.name, new Set<string>()]));
    const pkOfStream = new Map(discovered.map((s) => [s['name'] as string, s['source_defined_primary_key'] as string[][]]));
    const state = new Map<string, Json>();
    const kills: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const last = attempt === 3;
      const killAt = last ? undefined : KILL_FROM + Math.floor(random() * KILL_SPREAD);
      const stateArg = state.size === 0 ? [] : ['--state', writeJson(dir, `state-${attempt}.json`, [...state].map(([name, stream_state]) => ({ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state } })))];
      const run = await runConnector(['read', '--config', config, '--catalog', catalog, ...stateArg], { timeoutMs: 240_000, ...(killAt === undefined ? {} : { killAfterLines: killAt }) });
      if (last) assert.equal(run.code, 0, `final run failed (seed ${seed})`);
      else if (run.signal !== 'SIGKILL') break; // finished before the kill point: nothing left to resume
      kills.push(killAt ?? -1);
      const c = committed(run.messages);
      // IN-9: a checkpoint at least every 1000 records of the paged delivery stream. The kill may
      // land between a page's records and its STATE, so the page in flight is not counted.
      const messageStates = run.messages.filter((m) => m.type === 'STATE' && JSON.stringify(m).includes('"name":"messages"')).length;
      const messageRecords = run.messages.filter((m) => m.type === 'RECORD' && (m['record'] as Json)['stream'] === 'messages').length;
      assert.ok(messageStates >= Math.floor(messageRecords / 1000) - 1, `messages: ${messageStates} states for ${messageRecords} records`);
      for (const [name, list] of c.records) for (const r of list) seen.get(name)?.add(pkOf(r, pkOfStream.get(name)!));
      for (const [name, st] of c.states) state.set(name, st);
      if (last) break;
    }
    assert.ok(kills.filter((k) => k > 0).length >= 2, `only ${kills.length} runs were killed`);
    const messagesFrom = Math.floor(Date.now() / 1000) - DEFAULT_HISTORY_SECONDS;
    for (const { name } of STREAMS) {
      const expected = expectedKeys(api.dataset, name, { messagesFrom }) ?? [];
      const missing = expected.filter((k) => !seen.get(name)!.has(k));
      assert.equal(missing.length, 0, `${name}: ${missing.length} of ${expected.length} records lost (seed ${seed}, kills after lines ${kills.join(', ')})`);
    }
  } finally {
    await api.close();
  }
});
