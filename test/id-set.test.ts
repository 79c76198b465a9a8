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

test('IdSet.sorted gives every id once in code point order, and countThrough finds where a saved id stands', () => {
  const set = new IdSet();
  const ids = ['a3ff', 'a30', 'b', 'a3', 'é', '😀', '\uffff', 'A', '0', 'a3f0'];
  for (const id of ids) set.add(id);
  const sorted = set.sorted();
  const listed = Array.from({ length: sorted.length }, (_, i) => sorted.at(i));
  // Code point order (UTF-8 byte order): '\uffff' before the astral '😀', unlike UTF-16 order.
  assert.deepEqual(listed, ['0', 'A', 'a3', 'a30', 'a3f0', 'a3ff', 'b', 'é', '\uffff', '😀']);
  assert.equal(sorted.countThrough('a3'), 3);
  assert.equal(sorted.countThrough('a31'), 4);
  assert.equal(sorted.countThrough(''), 0);
  assert.equal(sorted.countThrough('😀'), 10);
  assert.equal(sorted.countThrough('z'), 7);
});
