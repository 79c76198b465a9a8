import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeApi, type FakeApi } from '../fake-api/index.js';
import { cancellableSleep } from '../src/cancellable-sleep.js';
import { parseConfig } from '../src/config.js';
import { CancelledError } from '../src/errors.js';
import { createApiClient, type ApiClient, type RequestOptions } from '../src/http/client.js';
import { createLimiter } from '../src/http/limiter.js';
import type { JsonObject, SyncMode } from '../src/protocol/messages.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { readPlanTree } from '../src/streams/read.js';
import { schemaOfStream } from '../src/catalog.js';
import { cachedSchemas, RecordBuilders } from '../src/streams/records.js';
import { buildPlan } from '../src/streams/plan/plan.js';
import type { ReadContext, ReadEvent, StreamRun } from '../src/streams/types.js';
import { pkOf } from './helpers/connector.js';
import { stateProblems } from './helpers/state-schema.js';

const KEY = 'sk-cancel-readers-1a2b3c';

/**
 * Every kind of reader, cancelled before its k-th request for many k, then resumed from the last
 * state of each stream: the last state must come after the last record (what source.ts needs to
 * cover every record sent), and the two reads together must be the full read with no record twice.
 * One parent or person is slowed down so that the others finish before it, out of order.
 */
const CASES: Array<{ label: string; streams: Array<[string, SyncMode]>; config?: JsonObject; slow?: string }> = [
  { label: 'children, full refresh', streams: [['campaign_actions', 'full_refresh']], slow: '/campaigns/1/' },
  { label: 'children, incremental', streams: [['campaign_actions', 'incremental']], slow: '/campaigns/2/' },
  { label: 'children, one page each', streams: [['segment_membership', 'full_refresh']], slow: '/segments/1/' },
  { label: 'deliveries of each parent', streams: [['campaign_messages', 'incremental']], slow: '/campaigns/1/' },
  { label: 'metrics', streams: [['campaign_metrics', 'full_refresh']], config: { metrics_periods: ['days', 'weeks'] }, slow: '/campaigns/1/' },
  {
    label: 'a list with its children and grandchildren, each endpoint read once',
    streams: [['campaigns', 'incremental'], ['campaign_actions', 'incremental'], ['campaign_action_metrics', 'full_refresh'], ['campaign_messages', 'incremental'], ['campaign_metrics', 'full_refresh']],
    slow: '/campaigns/1/',
  },
  { label: 'partitioned lists', streams: [['esp_suppressions', 'full_refresh']] },
  { label: 'partitioned lists and their sending domains', streams: [['esp_suppressions', 'full_refresh']], config: { esp_suppression_domains: ['mail.example.com', 'news.example.com'] } },
  { label: 'activities of two types', streams: [['activities', 'incremental']], config: { activity_types: ['event', 'page'] } },
  { label: 'messages in windows', streams: [['messages', 'incremental']] },
  {
    label: 'the people pass',
    streams: [['customers', 'full_refresh'], ['customer_attributes', 'full_refresh'], ['customer_activities', 'full_refresh'], ['customer_messages', 'incremental']],
    slow: 'PERSON',
  },
];

interface Outcome { events: ReadEvent[]; cancelled: boolean; requests: number; sent: string[] }

describe('every reader, cancelled at any request, resumes without loss or repeat', () => {
  let api: FakeApi;

  before(async () => {
    api = await startFakeApi({
      apiKey: KEY,
      requestsPerSecond: 0,
      datasetOptions: { seed: 3, size: { campaigns: 4, actionsPerCampaign: 25, people: 14, messages: 2500, activities: 500, suppressionsPerType: 1100, segments: 3 } },
    });
  });
  after(async () => api.close());

  /** Reads a group once; with `cancelBefore`, the sync is cancelled just before that request. */
  async function readOnce(runs: StreamRun[], extra: JsonObject, slow: string | undefined, cancelBefore?: number): Promise<Outcome> {
    const controller = new AbortController();
    const sleep = cancellableSleep(controller.signal);
    const config = parseConfig({ app_api_key: KEY, base_url: api.url, ...extra });
    const inner = createApiClient({
      baseUrl: config.baseUrl, apiKey: config.apiKey, region: config.region,
      limiter: createLimiter(1000, sleep, controller.signal), sleep, signal: controller.signal,
    });
    let requests = 0;
    const sent: string[] = [];
    const slowPath = slow === 'PERSON' ? `/customers/${api.dataset.people[2]?.identifiers.cio_id}/` : slow;
    const gate = async (path: string, options?: RequestOptions) => {
      requests++;
      sent.push(`${path} ${JSON.stringify(options?.query ?? {})} ${JSON.stringify(options?.body ?? {})}`);
      if (requests === cancelBefore) controller.abort('test');
      if (slowPath !== undefined && path.includes(slowPath)) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const client: ApiClient = {
      get: async <T>(path: string, options?: RequestOptions) => { await gate(path, options); return inner.get<T>(path, options); },
      post: async <T>(path: string, options?: RequestOptions) => { await gate(path, options); return inner.post<T>(path, options); },
      requestCounts: inner.requestCounts,
      latencyMs: () => inner.latencyMs(),
      close: () => inner.close(),
    };
    // The connector's own set-up: one record function per stream from its schema.
    const records = new RecordBuilders(cachedSchemas(schemaOfStream(runs.map((r) => r.def))), config);
    const ctx: ReadContext = { config, client, syncStartedAt: Math.floor(Date.now() / 1000), now: Date.now, records };
    const events: ReadEvent[] = [];
    try {
      for (const root of buildPlan(runs, STREAMS_BY_NAME)) for await (const e of readPlanTree(ctx, root)) events.push(e);
      return { events, cancelled: false, requests, sent };
    } catch (error) {
      if (error instanceof CancelledError) return { events, cancelled: true, requests, sent };
      throw error;
    } finally {
      await inner.close();
    }
  }

  const dataOf = (e: ReadEvent): JsonObject[] => (e.type === 'records' ? e.data : []);
  const keysOf = (events: ReadEvent[], stream: string) => {
    const pk = STREAMS_BY_NAME.get(stream)?.primaryKey as string[][];
    return events.flatMap((e) => ('stream' in e && e.stream === stream ? dataOf(e) : [])).map((d) => pkOf(d, pk));
  };

  test('a child list resumed at a page that the read from the start never reaches is read from that page on its own', async () => {
    const campaign = String(api.dataset.campaigns[0]?.id);
    // A valid token of the fake that no page of 10 from the start hands out: as if the list had changed since.
    const elsewhere = Buffer.from(JSON.stringify(['o', 15])).toString('base64');
    const state = { progress: { pending: { [campaign]: { next: elsewhere } } } };
    const actions = (): StreamRun => ({ def: STREAMS_BY_NAME.get('campaign_actions')!, syncMode: 'full_refresh', state });
    const alone = await readOnce([actions()], {}, undefined);
    // Both saved on the first page of campaigns, the metrics with nothing done yet.
    const withMetrics = await readOnce([actions(), { def: STREAMS_BY_NAME.get('campaign_action_metrics')!, syncMode: 'full_refresh', state: { progress: {} } }], {}, undefined);
    assert.deepEqual(keysOf(withMetrics.events, 'campaign_actions').sort(), keysOf(alone.events, 'campaign_actions').sort());
    const ofCampaign = keysOf(alone.events, 'campaign_actions').filter((k) => String((JSON.parse(k) as unknown[])[0]) === campaign);
    assert.equal(ofCampaign.length, 10, 'the last 10 of 25 actions, from offset 15');
    const metricsFor = new Set(keysOf(withMetrics.events, 'campaign_action_metrics').map((k) => JSON.stringify((JSON.parse(k) as unknown[]).slice(0, 2))));
    assert.equal(metricsFor.size, api.dataset.campaignActions.length, 'metrics of every action, the list read whole for them');
  });

  for (const c of CASES) {
    test(c.label, async () => {
      const runs = (states: Map<string, JsonObject>): StreamRun[] => c.streams.map(([name, syncMode]) => ({ def: STREAMS_BY_NAME.get(name)!, syncMode, state: states.get(name) }));
      const full = await readOnce(runs(new Map()), c.config ?? {}, c.slow);
      assert.ok(full.requests >= 3, `${c.label}: only ${full.requests} requests`);
      const step = Math.ceil(full.requests / 6);
      for (let k = 1; k <= full.requests; k += step) {
        const cut = await readOnce(runs(new Map()), c.config ?? {}, c.slow, k);
        if (!cut.cancelled) continue;
        // What source.ts writes: a stream's records are covered by the next state that differs from the last one written.
        const last = new Map<string, JsonObject>();
        const uncovered = new Map<string, number>();
        for (const e of cut.events) {
          if (e.type === 'state') assert.deepEqual(stateProblems(STREAMS_BY_NAME.get(e.stream)!, e.state), [], 'every state has its documented shape');
          if (e.type === 'records') uncovered.set(e.stream, (uncovered.get(e.stream) ?? 0) + dataOf(e).length);
          if (e.type !== 'state') continue;
          if (JSON.stringify(e.state) !== JSON.stringify(last.get(e.stream))) uncovered.set(e.stream, 0);
          last.set(e.stream, e.state);
        }
        for (const [stream, n] of uncovered) assert.equal(n, 0, `${c.label}, cancelled before request ${k}: ${n} records of ${stream} after its last checkpoint`);
        const resumed = await readOnce(runs(last), c.config ?? {}, c.slow);
        assert.equal(resumed.cancelled, false);
        // Each endpoint is read once in the resumed sync too, wherever the first one stopped.
        const twice = resumed.sent.filter((r, i) => resumed.sent.indexOf(r) !== i);
        assert.deepEqual(twice, [], `${c.label}, cancelled before request ${k}: requests sent twice after resuming`);
        for (const [stream] of c.streams) {
          const first = keysOf(cut.events, stream);
          const second = keysOf(resumed.events, stream);
          const again = second.filter((key) => first.includes(key));
          assert.deepEqual(again, [], `${c.label}, cancelled before request ${k}: ${stream} read again after resuming from ${JSON.stringify(last.get(stream))?.slice(0, 300)}`);
          assert.deepEqual([...first, ...second].sort(), keysOf(full.events, stream).sort(), `${c.label}, cancelled before request ${k}: ${stream} lost records`);
        }
      }
    });
  }
});
