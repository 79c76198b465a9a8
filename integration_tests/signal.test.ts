import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import {
  configuredCatalog, discoverFake, lastStates, pkOf, records, runConnector, statuses, tempDir, traceErrors, writeJson, type Json, type Message, type RunResult,
} from '../test/helpers/connector.js';
import { expectedKeys } from './expected.js';

const KEY = 'sk-signal-5e6f7a8b9c';
const LOOKBACK_MINUTES = 60;
const MESSAGES_LOOKBACK_DAYS = 30;
/**
 * Requests the fake may still receive after the signal: those already on their way, and those
 * sent while the lines before the signal were in the pipe. At the API's 10 a second (these reads
 * are paced) that is well under a second of requests; a connector that read on would send dozens.
 */
const REQUESTS_AFTER_SIGNAL = 5;
/**
 * A workspace that reads in about 12 s at 10 requests per second, the pace the connector keeps
 * until the signal (paced: the order of streams at the signal depends on it). The people pass needs one
 * request per person (60), so it is still running when the other streams have sent thousands of
 * lines; messages come 1000 to a page, so a signal after a few thousand lines lands inside one.
 */
const SIZE = { people: 60, messages: 4000, activities: 1500, campaigns: 8, actionsPerCampaign: 40 };
const STREAMS: Array<{ name: string; syncMode: 'full_refresh' | 'incremental' }> = [
  { name: 'customers', syncMode: 'full_refresh' },
  { name: 'customer_attributes', syncMode: 'full_refresh' },
  { name: 'customer_activities', syncMode: 'full_refresh' },
  { name: 'messages', syncMode: 'incremental' },
  { name: 'campaign_actions', syncMode: 'incremental' },
  { name: 'activities', syncMode: 'incremental' },
];
/**
 * Lines before the SIGTERM. The people pass alone writes about 1,600 lines and campaign_actions
 * 320, and both take seconds longer than the 4,000 lines of messages: at 2,500 lines the people
 * streams are still in progress, and messages has sent records but not all of them, whatever the
 * speed of the machine.
 */
const SIGTERM_AFTER_LINES = 2_500;

const streamOf = (m: Message): string | undefined => {
  if (m.type === 'RECORD') return (m['record'] as Json)['stream'] as string;
  if (m.type === 'STATE') return (((m['state'] as Json)['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
  return undefined;
};

/**
 * Reads until `lines` stdout lines, then sends `signal`; also returns how many requests the fake
 * received after the signal was sent.
 */
async function readUntilSignal(api: FakeApi, args: string[], signal: NodeJS.Signals, lines: number): Promise<{ run: RunResult; requestsAfter: number }> {
  let before = Number.NaN;
  const run = await runConnector(args, { paced: true, signalAfterLines: { signal, lines, onSent: () => { before = api.requests.length; } } });
  return { run, requestsAfter: api.requests.length - before };
}

/** The checks every graceful stop must pass, whatever the signal and the moment. */
function assertGracefulStop({ run, requestsAfter }: { run: RunResult; requestsAfter: number }, signal: string): void {
  assert.equal(run.signal, null, `${signal}: the connector was killed instead of exiting (${run.stderr})`);
  assert.notEqual(run.code, 0, `${signal}: a cancelled sync must exit non-zero`);
  assert.ok(run.signalled, `${signal}: the read ended before the signal was sent`);
  // It stops reading: no new request starts once the signal has arrived.
  assert.ok(requestsAfter <= REQUESTS_AFTER_SIGNAL, `${signal}: the fake received ${requestsAfter} requests after the signal`);
  // runConnector has already parsed and validated every line; nothing may follow the last newline.
  assert.equal(run.trailing, '', `${signal}: stdout ends in half a line`);
  const cancelled = traceErrors(run.messages).filter((e) => e['failure_type'] === 'transient_error' && String(e['message']).includes('sync cancelled'));
  assert.equal(cancelled.length, 1, `${signal}: expected one transient_error TRACE saying "sync cancelled"`);

  // Every stream that sent records ends with a STATE after its last record, and the record counts
  // of its STATEs add up to its records: no record is left outside a checkpoint.
  const lastRecord = new Map<string, number>();
  const lastState = new Map<string, number>();
  const counted = new Map<string, number>();
  run.messages.forEach((m, i) => {
    const name = streamOf(m);
    if (name === undefined) return;
    if (m.type === 'RECORD') lastRecord.set(name, i);
    else {
      lastState.set(name, i);
      counted.set(name, (counted.get(name) ?? 0) + (((m['state'] as Json)['sourceStats'] as Json)['recordCount'] as number));
    }
  });
  for (const [name, at] of lastRecord) {
    assert.ok((lastState.get(name) ?? -1) > at, `${name}: no STATE after its last record`);
    assert.equal(counted.get(name), records(run.messages, name).length, `${name}: STATE record counts do not add up to its records`);
  }
  for (const { name } of STREAMS) {
    const seen = statuses(run.messages, name);
    if (seen.length === 0) continue; // not started before the signal
    assert.ok(['COMPLETE', 'INCOMPLETE'].includes(seen[seen.length - 1] as string), `${name}: statuses ${seen.join(',')}`);
    assert.equal(seen.filter((s) => s === 'COMPLETE' || s === 'INCOMPLETE').length, 1, `${name}: statuses ${seen.join(',')}`);
    // A stream that ended INCOMPLETE still has a STATE, even without records: the one it was given.
    if (seen.includes('INCOMPLETE')) assert.ok(lastState.has(name), `${name}: INCOMPLETE without a STATE`);
  }
}

/**
 * Whether a record read again by the resumed sync lies inside a lookback the connector declares:
 * lookback_minutes behind a list or activities cursor, messages_lookback_days behind a delivery
 * cursor. A record without a cursor value is always read again (it cannot be placed).
 */
function insideLookback(name: string, record: Json, state: Json | undefined): boolean {
  if (state === undefined) return false;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  if (name === 'messages') {
    const created = num(state['created']);
    return created !== undefined && (record['created'] as number) >= created - MESSAGES_LOOKBACK_DAYS * 86_400;
  }
  if (name === 'activities') {
    const at = num(state['timestamp']);
    return at !== undefined && (record['timestamp'] as number) >= at - LOOKBACK_MINUTES * 60;
  }
  if (name === 'campaign_actions') {
    const updated = num(record['updated']);
    if (updated === undefined) return true;
    const parents = (state['parents'] ?? {}) as Record<string, Json>;
    const cursor = num(parents[String(record['campaign_id'])]?.['updated']) ?? num(state['updated']);
    return cursor !== undefined && updated >= cursor - LOOKBACK_MINUTES * 60;
  }
  return false;
}

describe('a signal mid-read stops the sync gracefully', () => {
  let api: FakeApi;
  let dir: string;
  let config: string;
  let catalog: string;
  let primaryKeys: Map<string, string[][]>;

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: SIZE, seed: 7 } });
    dir = tempDir();
    // Per person, so that the people pass is the long one (on the bulk route customer_activities rides the activities pass).
    const found = await discoverFake(api.url, KEY, dir, { lookback_minutes: LOOKBACK_MINUTES, messages_lookback_days: MESSAGES_LOOKBACK_DAYS, people_streams_route: 'per_person' });
    config = found.config;
    catalog = writeJson(dir, 'catalog.json', configuredCatalog(STREAMS, found.streams));
    primaryKeys = new Map(found.streams.map((s) => [s['name'] as string, s['source_defined_primary_key'] as string[][]]));
  });
  after(async () => api.close());

  test('SIGTERM: a STATE covers every record sent; the resumed sync loses nothing and repeats nothing outside the lookbacks', { timeout: 120_000 }, async (t) => {
    const stop = await readUntilSignal(api, ['read', '--config', config, '--catalog', catalog], 'SIGTERM', SIGTERM_AFTER_LINES);
    assertGracefulStop(stop, 'SIGTERM');
    const stopped = stop.run;
    const incomplete = STREAMS.map((s) => s.name).filter((n) => statuses(stopped.messages, n).includes('INCOMPLETE'));
    t.diagnostic(`SIGTERM after ${SIGTERM_AFTER_LINES} lines: exit ${stopped.code}, ${stop.requestsAfter} requests after it; INCOMPLETE: ${incomplete.join(', ')}`);
    assert.ok(incomplete.includes('customers'), 'the people pass should still be running at the signal');
    assert.ok(['messages', 'campaign_actions', 'activities'].some((n) => incomplete.includes(n) && records(stopped.messages, n).length > 0), 'no incremental stream was stopped part way');

    const given = lastStates(stopped.messages);
    const resumedFrom = api.requests.length;
    const resumed = await runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, 'state.json', given)]);
    // What the stopped read left undone took more requests than it may send after the signal.
    assert.ok(api.requests.length - resumedFrom > REQUESTS_AFTER_SIGNAL * 4, `the resumed read took only ${api.requests.length - resumedFrom} requests`);
    assert.equal(resumed.code, 0, resumed.stderr);
    const stateOf = new Map(given.map((s) => [((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string, (s['stream'] as Json)['stream_state'] as Json]));
    const fullRefresh = new Set(STREAMS.filter((s) => s.syncMode === 'full_refresh').map((s) => s.name));
    for (const { name } of STREAMS) {
      const pk = primaryKeys.get(name) as string[][];
      const first = new Set(records(stopped.messages, name).map((r) => pkOf(r, pk)));
      const second = records(resumed.messages, name);
      const union = new Set([...first, ...second.map((r) => pkOf(r, pk))]);
      const expected = expectedKeys(api.dataset, name, { messagesFrom: 0 }) ?? [];
      assert.deepEqual([...union].sort(), [...expected].sort(), `${name}: the two runs together differ from the dataset`);
      // A stream stopped part way resumes exactly where it stopped. One that had finished starts a
      // new read: incremental ones go back only as far as their lookback; a full refresh starts over.
      const finished = statuses(stopped.messages, name).includes('COMPLETE');
      if (finished && fullRefresh.has(name)) continue;
      const repeated = second.filter((r) => first.has(pkOf(r, pk)) && !(finished && insideLookback(name, r, stateOf.get(name))));
      assert.equal(repeated.length, 0, `${name} (${finished ? 'finished' : 'stopped'}): ${repeated.length} records sent again outside the lookbacks, e.g. ${JSON.stringify(repeated[0])?.slice(0, 200)}`);
    }
  });

  test('SIGINT early in the read stops it the same way', { timeout: 60_000 }, async (t) => {
    const stop = await readUntilSignal(api, ['read', '--config', config, '--catalog', catalog], 'SIGINT', 200);
    assertGracefulStop(stop, 'SIGINT');
    t.diagnostic(`SIGINT after 200 lines: exit ${stop.run.code}, ${stop.requestsAfter} requests after it`);
  });
});
