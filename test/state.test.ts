import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStateInput } from '../src/state.js';
import { ConfigError } from '../src/errors.js';

test('every state shape Airbyte sends is accepted', () => {
  const arr = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'campaigns' }, stream_state: { updated: 5 } } }];
  assert.deepEqual([...parseStateInput(arr)], [['campaigns', { updated: 5 }]]);
  assert.equal(parseStateInput([]).size, 0);
  assert.equal(parseStateInput({}).size, 0);
  assert.equal(parseStateInput(undefined).size, 0);
  assert.deepEqual([...parseStateInput({ campaigns: { updated: 7 } })], [['campaigns', { updated: 7 }]]);
  assert.deepEqual([...parseStateInput({ type: 'LEGACY', data: { segments: { updated_at: 1 } } })], [['segments', { updated_at: 1 }]]);
  const global = [{ type: 'GLOBAL', global: { shared_state: {}, stream_states: [{ stream_descriptor: { name: 'x' }, stream_state: { a: 1 } }] } }];
  assert.deepEqual([...parseStateInput(global)], [['x', { a: 1 }]]);
});

test('a null stream_state means start over', () => {
  assert.equal(parseStateInput([{ type: 'STREAM', stream: { stream_descriptor: { name: 'a' }, stream_state: null } }]).size, 0);
});

test('malformed state is a config error', () => {
  for (const bad of [[1], [{ type: 'STREAM', stream: {} }], [{ type: 'WHAT' }], 'text', 3]) {
    assert.throws(() => parseStateInput(bad), ConfigError);
  }
});
