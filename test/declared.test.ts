import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedSchemas, declaredOnly, keepDeclared } from '../src/streams/declared.js';
import type { ReadEvent } from '../src/streams/types.js';

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    actions: { type: ['null', 'array'], items: { type: 'object', properties: { id: { type: ['null', 'integer'] } } } },
    who: { type: ['null', 'object'], properties: { email: { type: ['null', 'string'] } } },
    data: { type: ['null', 'object'], additionalProperties: true },
  },
};

test('undeclared keys go at every level that declares properties; free-form objects keep theirs', () => {
  const dropped = new Set<string>();
  const out = keepDeclared(SCHEMA, {
    id: 1, surprise: true, actions: [{ id: 2, name: 'x' }, null], who: { email: 'a@b.c', phone: '1' }, data: { anything: { goes: 1 } },
  }, dropped);
  assert.deepEqual(out, { id: 1, actions: [{ id: 2 }, null], who: { email: 'a@b.c' }, data: { anything: { goes: 1 } } });
  assert.deepEqual([...dropped].sort(), ['actions[].name', 'surprise', 'who.phone']);
});

test('values of the wrong type are left for the schema check to see', () => {
  const dropped = new Set<string>();
  assert.deepEqual(keepDeclared(SCHEMA, { id: 'x', who: 'text', actions: null }, dropped), { id: 'x', who: 'text', actions: null });
  assert.equal(dropped.size, 0);
});

test('declaredOnly reduces records and names each undeclared field once per stream, never its value', async () => {
  async function* events(): AsyncGenerator<ReadEvent> {
    yield { type: 'records', stream: 's', data: [{ id: 1, secret_field: 'hunter2' }] };
    yield { type: 'state', stream: 's', state: { at: 1 } };
    yield { type: 'records', stream: 's', data: [{ id: 2, secret_field: 'x', other: 1 }, { id: 3, secret_field: 'y' }] };
  }
  const out: ReadEvent[] = [];
  for await (const e of declaredOnly(events(), () => SCHEMA)) out.push(e);
  const logs = out.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
  assert.equal(logs.length, 2);
  assert.match(logs[0] ?? '', /^s: .*left out: secret_field\.$/);
  assert.match(logs[1] ?? '', /left out: other\.$/);
  assert.ok(!logs.join(' ').includes('hunter2'));
  assert.deepEqual(out.flatMap((e) => (e.type === 'records' ? e.data : [])), [{ id: 1 }, { id: 2 }, { id: 3 }]);
  assert.equal(out.filter((e) => e.type === 'state').length, 1);
});

test('cachedSchemas loads each schema once', () => {
  let loads = 0;
  const schemaOf = cachedSchemas(() => {
    loads++;
    return SCHEMA;
  });
  schemaOf('a');
  schemaOf('a');
  schemaOf('b');
  assert.equal(loads, 2);
});
