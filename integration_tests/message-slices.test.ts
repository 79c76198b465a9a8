import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { lastStates, records, runConnector, states, tempDir, traceErrors, writeJson, type Json } from '../test/helpers/connector.js';

/*
 * A dense window whose answers take a while is read in slices side by side (slices.ts): every
 * delivery exactly once, few requests beyond its pages, and a sync killed among the slices
 * resumes from each slice's own position without losing a delivery.
 */
const KEY = 'sk-message-slices-5e6f7a';
const DAY = 86_400;
const CATALOG = {
  streams: [{ stream: { name: 'messages', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }],
};

describe('messages in slices', () => {
  let api: FakeApi;
  let dir: string;
  let config: string;
  const catalog = () => writeJson(dir, 'catalog.json', CATALOG);
  const inRange = () => api.dataset.messages.filter((m) => m.created >= api.dataset.now - 200 * DAY);

  before(async () => {
    // 100,000 deliveries over 200 days, 20 ms an answer: two 100-day windows of ~50 pages each.
    api = await startTestApi({ apiKey: KEY, latencyMs: 20, datasetOptions: { size: { messages: 100_000, people: 200 }, seed: 5 } });
    dir = tempDir();
    config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url, start_date: new Date((api.dataset.now - 200 * DAY) * 1000).toISOString() });
  });
  after(async () => api.close());

  test('every delivery once, the window cut into slices, a partial page per slice at most', async () => {
    api.clearLog();
    const run = await runConnector(['read', '--config', config, '--catalog', catalog()], { timeoutMs: 300_000 });
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    const ids = records(run.messages, 'messages').map((r) => r['id'] as string);
    assert.equal(new Set(ids).size, ids.length, 'no delivery twice');
    assert.deepEqual(new Set(ids), new Set(inRange().map((m) => m.id)));
    const asked = api.requests.filter((r) => r.path === '/v1/messages');
    const ranges = new Set(asked.map((r) => `${r.query['start_ts']}-${r.query['end_ts']}`));
    assert.ok(ranges.size > 2, `the window was read in slices (${ranges.size} ranges for 2 windows)`);
    // Windows overlap: the first pages of both windows go out together, before any slice (nothing
    // else can be asked before a first page answers).
    const firstTwo = asked.slice(0, 2);
    assert.deepEqual(firstTwo.map((r) => r.query['start']), [undefined, undefined]);
    assert.equal(new Set(firstTwo.map((r) => r.query['start_ts'])).size, 2, 'two windows');
    const pages = Math.ceil(ids.length / 1000);
    assert.ok(asked.length <= pages + 2 * ranges.size, `${asked.length} requests for ${pages} pages in ${ranges.size} ranges`);
    // The slices of a window run side by side: some state holds several at once.
    const sliceCounts = states(run.messages, 'messages').map((st) => {
      const window = ((st['stream'] as Json)['stream_state'] as Json)['window'] as Json | undefined;
      return Array.isArray(window?.['slices']) ? (window['slices'] as Json[]).length : 0;
    });
    assert.ok(Math.max(...sliceCounts) > 1, 'a state holds several slices at once');
  });

  test('a sync killed among the slices resumes from each slice without losing a delivery', async () => {
    const first = await runConnector(['read', '--config', config, '--catalog', catalog()], { timeoutMs: 300_000, killAfterLines: 30_000 });
    assert.equal(first.signal, 'SIGKILL');
    const saved = lastStates(first.messages);
    const window = ((saved[0]?.['stream'] as Json | undefined)?.['stream_state'] as Json | undefined)?.['window'] as Json | undefined;
    assert.ok(window !== undefined, 'killed with a window in progress');
    // Everything before the last STATE is covered by it; what came after is read again.
    const all = first.messages.filter((m) => m.type === 'RECORD' || m.type === 'STATE');
    const lastState = all.map((m) => m.type).lastIndexOf('STATE');
    const covered = records(all.slice(0, lastState), 'messages').map((r) => r['id'] as string);
    const resumed = await runConnector(['read', '--config', config, '--catalog', catalog(), '--state', writeJson(dir, 'state.json', saved)], { timeoutMs: 300_000 });
    assert.equal(resumed.code, 0, JSON.stringify(traceErrors(resumed.messages)));
    const got = new Set([...covered, ...records(resumed.messages, 'messages').map((r) => r['id'] as string)]);
    const lost = inRange().filter((m) => !got.has(m.id)).map((m) => m.id);
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} deliveries lost`);
    // The resumed read does not start over: it reads fewer than the whole range again.
    assert.ok(records(resumed.messages, 'messages').length < inRange().length);
  });
});
