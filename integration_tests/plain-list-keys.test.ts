// Expected keys of plain lists, derived from dataset.plainLists by each row's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDataset } from '../fake-api/index.js';
import { PLAIN_LISTS } from '../scripts/bench/minimum.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { expectedKeys } from './expected.js';

const NOW = 1_750_000_000;
const o = { messagesFrom: 0 };

test('every plain list of the table expects the keys of its items in the fake, one each', () => {
  const d = generateDataset({ size: 'tiny', seed: 2, now: NOW });
  assert.ok(PLAIN_LISTS.length >= 4);
  for (const rule of PLAIN_LISTS) {
    const list = d.plainLists.find((l) => l.path === rule.path);
    const keys = expectedKeys(d, rule.stream, o);
    assert.ok(list && keys, rule.stream);
    const key = STREAMS_BY_NAME.get(rule.stream)?.primaryKey.map((k) => k.join('.')) ?? [];
    assert.deepEqual(keys, list.items.map((item) => JSON.stringify(key.map((k) => item[k]))), rule.stream);
    assert.equal(new Set(keys).size, keys.length, `${rule.stream}: keys are unique`);
  }
  // Assets keep integer ids, Design Studio items string ones: the key is the stored value.
  assert.match(expectedKeys(d, 'assets', o)?.[0] ?? '', /^\[\d+\]$/);
  assert.match(expectedKeys(d, 'design_studio_folders', o)?.[0] ?? '', /^\["[^"]+"\]$/);
});

test('a plain list the fake does not hold fails, naming the stream, instead of being skipped', () => {
  const d = generateDataset({ size: 'tiny', seed: 2, now: NOW });
  d.plainLists = d.plainLists.filter((l) => l.path !== '/v1/design_studio/components');
  assert.throws(() => expectedKeys(d, 'design_studio_components', o), /design_studio_components: a plain list, but \/v1\/design_studio\/components is not in the fake's dataset\.plainLists/);
});
