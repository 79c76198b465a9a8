import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { parseTreeState, treeStateJson } from '../src/streams/state/tree.js';
import { lowerBound } from '../src/streams/cursor.js';
import { newestFirstStateJson, parseNewestFirstState } from '../src/streams/state/newest-first.js';
import { parsePartitionedState, partitionedStateJson } from '../src/streams/state/partitioned.js';
import { parseWindowState, windowStateJson } from '../src/streams/state/window.js';
import { stateProblems } from './helpers/state-schema.js';

const def = (name: string) => STREAMS_BY_NAME.get(name)!;

test('tree states round-trip through their typed form and keep the documented shape', () => {
  const cases = [
    { stream: 'campaigns', state: { updated: 1_700_000_000, progress: { seen: 1_700_000_100, completed_through: '4' } } },
    { stream: 'campaign_actions', state: { updated: 5, parents: { '1': { updated: 10 }, '2': { updated: 20 } }, progress: { page: 'tok', completed_through: '1', completed_ahead: ['3'], pending: { '2': { next: 'WyJvIiwzMF0=' } } } } },
    { stream: 'campaign_messages', state: { created: 1_700_000_000, progress: { pending: { '7': { start: 1_690_000_000, next: 'n' } } } } },
    { stream: 'campaign_action_metrics', state: { progress: { pending: { '7': { done: ['7/1', '7/2'] } } } } },
    { stream: 'customers', state: {} },
  ];
  for (const { stream, state } of cases) {
    const parsed = parseTreeState(def(stream), state);
    assert.deepEqual(treeStateJson(def(stream), parsed), state, stream);
    assert.deepEqual(stateProblems(def(stream), state), [], stream);
  }
});

test('0.1.0 tree states keep their cursors and lose their progress', () => {
  const old = { updated: 9, parents: { '5': { updated: 12 } }, completed_through: '4', completed_ahead: ['6'], pending: { '5': { next: 'x', seen: 12 } } };
  const parsed = parseTreeState(def('campaign_actions'), old);
  assert.equal(parsed.cursor, 9);
  assert.deepEqual([...parsed.parents], [['5', 12]]);
  assert.equal(parsed.progress, undefined);
  assert.deepEqual(treeStateJson(def('campaign_actions'), parsed), { updated: 9, parents: { '5': { updated: 12 } } });
  // The people pass of 0.1.0 kept the search token at the top level: dropped too, `created` kept.
  const people = parseTreeState(def('customer_messages'), { created: 100, next: 'tok' });
  assert.deepEqual(treeStateJson(def('customer_messages'), people), { created: 100 });
});

test('a state of the wrong shape is reported', () => {
  assert.notDeepEqual(stateProblems(def('campaigns'), { completed_through: '4' }), []);
  assert.notDeepEqual(stateProblems(def('messages'), { window: { next: 'x' } }), []);
});

test('the states of the other kinds of read round-trip through their typed form and keep the documented shape', () => {
  const windows = [{}, { created: 1_700_000_000 }, { created: 5, window: { start: 1_690_000_000 } }, { window: { start: 1_690_000_000, next: 'n' } }];
  for (const state of windows) {
    const parsed = parseWindowState('created', state);
    assert.deepEqual(windowStateJson(parsed), state);
    assert.deepEqual(stateProblems(def('messages'), state), []);
  }
  const newestFirst = [{}, { timestamp: 9 }, { timestamp: 9, pending: { type_index: 1, next: 'n', seen: 12 } }, { pending: { next: 'n', seen: 12, type: 'event' } }];
  for (const state of newestFirst) {
    assert.deepEqual(newestFirstStateJson(parseNewestFirstState(state)), state);
    assert.deepEqual(stateProblems(def('activities'), state), []);
  }
  const partitioned = [{}, { pending: { partition: 2 } }, { pending: { partition: 0, scope: 'mail.example.com', next: '1000' } }];
  for (const state of partitioned) {
    assert.deepEqual(partitionedStateJson(parsePartitionedState(state)), state);
    assert.deepEqual(stateProblems(def('esp_suppressions'), state), []);
  }
  // The schemas refuse what a reader never writes, so a wrong state cannot pass the suite unseen.
  assert.notDeepEqual(stateProblems(def('messages'), { window: { next: 'n' } }), []);
  assert.notDeepEqual(stateProblems(def('activities'), { timestamp: 'yesterday' }), []);
  assert.notDeepEqual(stateProblems(def('campaign_messages'), { created: 1, window: { start: 1 } }), []);
});

test('the lower bound of every cursor is one rule: the saved cursor less the lookback, never below the floor', () => {
  assert.equal(lowerBound(undefined, 60, undefined), undefined);
  assert.equal(lowerBound(undefined, 60, 100), 100);
  assert.equal(lowerBound(1000, 60, undefined), 940);
  assert.equal(lowerBound(1000, 60, 990), 990);
});

test('a per-person delivery stream with a bulk route accepts either route\'s state, and nothing else', () => {
  const perPerson = { created: 5, parents: {}, progress: { page: 'p', pending: { a1: { start: 1, slices: [{ start: 1, end: 2 }] } } } };
  const bulk = { created: 5, window: { start: 1_690_000_000, slices: [{ start: 1, end: 2, next: 'n' }] } };
  for (const state of [{}, { created: 5 }, perPerson, bulk]) assert.deepEqual(stateProblems(def('customer_messages'), state), []);
  assert.notDeepEqual(stateProblems(def('customer_messages'), { created: 5, window: { next: 'n' } }), []);
  assert.notDeepEqual(stateProblems(def('customer_messages'), { created: 'yesterday' }), []);
});
