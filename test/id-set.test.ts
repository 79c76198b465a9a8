import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdSet } from '../src/streams/bulk/id-set.js';

test('IdSet holds exactly the ids added, through many regrowths, whatever their characters', () => {
  const set = new IdSet();
  const added: string[] = [];
  for (let i = 0; i < 50_000; i++) added.push(`a3${(i * 2654435761 >>> 0).toString(16)}`);
  // Not only hex: accents, astral characters, and a long id that outgrows the scratch bytes.
  added.push('é', 'ü-person', '😀x', 'x'.repeat(1000), '12345');
  for (const id of added) assert.equal(set.add(id), true, id);
  for (const id of added) assert.equal(set.add(id), false, `${id} twice`);
  assert.equal(set.size, added.length);
  for (const id of added) assert.equal(set.has(id), true, id);
  // Near misses: prefixes, extensions, other spellings, the empty id.
  for (const id of ['', 'a3', 'e', 'u-person', '😀', 'x'.repeat(999), 'x'.repeat(1001), '1234', '123456', `${added[0]}0`]) {
    assert.equal(set.has(id), false, id);
  }
});

test('IdSet refuses an id longer than it can hold instead of truncating it', () => {
  const set = new IdSet();
  assert.throws(() => set.add('x'.repeat(70_000)), RangeError);
  assert.equal(set.has('x'.repeat(70_000)), false);
  assert.equal(set.size, 0);
});
