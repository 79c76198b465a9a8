import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { lastStates, ofType, pkOf, records, ROOT, runConnector, states, tempDir, writeJson, type Json } from '../test/helpers/connector.js';
import { stateProblems } from '../test/helpers/state-schema.js';
import { FIXTURE_KEY, FIXTURE_START_DATE, STATE_010_DATASET } from './fixture.js';

/**
 * State written by earlier builds, each taken from its build reading the same fake workspace
 * (once interrupted part way, once finished), is accepted: release 0.1.0's
 * (integration_tests/state_0.1.0_*.json), whose progress fields are dropped and cursors kept, and
 * main's at 712c9c4, before the state modules (state_712c9c4_*.json: interrupted inside the
 * trees, and inside the message windows and the activities pass), whose progress is resumed.
 * Either way nothing is lost against a read from the cursors alone, no cursor moves back, and
 * every state written afterwards has today's shape.
 */
const PROGRESS = ['progress', 'completed_through', 'completed_ahead', 'pending', 'next', 'window'];
const WRITTEN_BY = [
  { build: '0.1.0', interrupted: ['state_0.1.0_interrupted.json'], finished: 'state_0.1.0_finished.json' },
  { build: 'main at 712c9c4', interrupted: ['state_712c9c4_interrupted_in_trees.json', 'state_712c9c4_interrupted_in_windows.json'], finished: 'state_712c9c4_finished.json' },
];

function load(name: string): Json[] {
  return JSON.parse(readFileSync(path.join(ROOT, 'integration_tests', name), 'utf8')) as Json[];
}
const nameOf = (s: Json) => ((s['stream'] as Json)['stream_descriptor'] as Json)['name'] as string;
const stateOf = (s: Json) => (s['stream'] as Json)['stream_state'] as Json;

/** The same state messages with their progress fields removed: the cursors alone. */
function cursorsOnly(messages: Json[]): Json[] {
  return messages.map((m) => {
    const kept = Object.fromEntries(Object.entries(stateOf(m)).filter(([k]) => !PROGRESS.includes(k)));
    return { type: 'STREAM', stream: { stream_descriptor: { name: nameOf(m) }, stream_state: kept } };
  });
}

for (const written of WRITTEN_BY) describe(`state written by ${written.build}`, () => {
  let api: FakeApi;
  let dir: string;
  let config: string;
  // Without the per-person streams: a thousand people would make this test slow, and the people pass is covered by the tree tests.
  const catalog = path.join(ROOT, 'integration_tests', 'acceptance_catalog_incremental.json');

  before(async () => {
    api = await startTestApi({ apiKey: FIXTURE_KEY, requestsPerSecond: 0, datasetOptions: STATE_010_DATASET });
    dir = tempDir();
    config = writeJson(dir, 'config.json', { app_api_key: FIXTURE_KEY, base_url: api.url, start_date: FIXTURE_START_DATE });
  });
  after(async () => api.close());

  const read = (state: Json[]) => runConnector(['read', '--config', config, '--catalog', catalog, '--state', writeJson(dir, `s-${Math.random()}.json`, state)], { timeoutMs: 300_000 });

  for (const fixture of written.interrupted) test(`an interrupted sync resumes from ${fixture} without losing a record, in the documented shapes`, async () => {
    const saved = load(fixture);
    assert.ok(saved.some((m) => Object.keys(stateOf(m)).some((k) => PROGRESS.includes(k))), 'the fixture holds progress');
    const [resumed, fromCursors] = await Promise.all([read(saved), read(cursorsOnly(saved))]);
    assert.equal(resumed.code, 0, resumed.stdout.slice(-500));
    for (const s of states(resumed.messages)) {
      const stream = s['stream'] as Json;
      const name = (stream['stream_descriptor'] as Json)['name'] as string;
      assert.deepEqual(stateProblems(STREAMS_BY_NAME.get(name)!, stream['stream_state']), []);
    }
    // Everything a read from the saved cursors alone gets, the resumed read gets too, or the
    // interrupted one had sent (kept beside main's fixtures: 0.1.0's progress is dropped, so its resumed read sends all again).
    const sentBefore = existsSync(path.join(ROOT, 'integration_tests', fixture.replace(/\.json$/, '.sent.json')))
      ? (JSON.parse(readFileSync(path.join(ROOT, 'integration_tests', fixture.replace(/\.json$/, '.sent.json')), 'utf8')) as Record<string, string[]>)
      : {};
    for (const def of STREAMS_BY_NAME.values()) {
      const want = new Set(records(fromCursors.messages, def.name).map((r) => pkOf(r, def.primaryKey)));
      const got = new Set([...records(resumed.messages, def.name).map((r) => pkOf(r, def.primaryKey)), ...(sentBefore[def.name] ?? [])]);
      const lost = [...want].filter((k) => !got.has(k));
      assert.deepEqual(lost, [], `${def.name} lost records`);
    }
  });

  test(`a finished sync keeps every cursor of ${written.finished}: none moves back, per-parent cursors included`, async () => {
    const saved = load(written.finished);
    const run = await read(saved);
    assert.equal(run.code, 0, run.stdout.slice(-500));
    const after = new Map(lastStates(run.messages).map((m) => [nameOf(m), stateOf(m)]));
    const selected = new Set((JSON.parse(readFileSync(catalog, 'utf8')) as { streams: Json[] }).streams.map((s) => (s['stream'] as Json)['name'] as string));
    for (const m of saved.filter((x) => selected.has(nameOf(x)))) {
      const name = nameOf(m);
      const before = stateOf(m);
      const now = after.get(name) as Json;
      assert.deepEqual(stateProblems(STREAMS_BY_NAME.get(name)!, now), [], name);
      for (const [field, value] of Object.entries(before)) {
        if (typeof value === 'number') assert.ok((now[field] as number) >= value, `${name}.${field} moved back`);
      }
      const parents = before['parents'] as Record<string, Json> | undefined;
      for (const [key, cursors] of Object.entries(parents ?? {})) {
        for (const [field, value] of Object.entries(cursors)) {
          assert.ok((((now['parents'] as Record<string, Json>)[key] as Json)[field] as number) >= (value as number), `${name} parent ${key} moved back`);
        }
      }
    }
    // A per-parent cursor still filters: campaign_actions re-sends only its lookback.
    const all = api.dataset.campaignActions.length;
    assert.ok(records(run.messages, 'campaign_actions').length < all, 'campaign_actions read in full despite its cursors');
    assert.ok(ofType(run.messages, 'STATE').length > 0);
  });
});
