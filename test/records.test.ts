import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/config.js';
import { loadStreamSchema } from '../src/catalog.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { asInteger, asText, cachedSchemas, RecordBuilders, recordBuilder } from '../src/streams/records.js';
import type { ListStream, StreamDefinition } from '../src/streams/types.js';

const config = parseConfig({ app_api_key: 'k' });
const builders = () => new RecordBuilders(loadStreamSchema, config);
const def = (name: string) => STREAMS_BY_NAME.get(name) as StreamDefinition;

test('asInteger turns numeric strings into numbers and leaves everything else', () => {
  assert.equal(asInteger('259'), 259);
  assert.equal(asInteger('-3'), -3);
  assert.equal(asInteger(259), 259);
  for (const same of ['13XXXX', '', ' 1', '1.5', '99999999999999999999', null, undefined, true]) assert.equal(asInteger(same), same);
});

test('asText turns numbers into strings and leaves everything else', () => {
  assert.equal(asText(42), '42');
  assert.equal(asText('42'), '42');
  for (const same of [null, undefined, NaN, false]) assert.equal(asText(same), same);
});

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    customer_id: { type: ['null', 'string'] },
    content_ids: { type: ['null', 'array'], items: { type: 'integer' } },
    url: { type: ['null', 'string'] },
    actions: { type: ['null', 'array'], items: { type: 'object', properties: { id: { type: ['null', 'integer'] }, type: { type: 'string' } } } },
    customer_identifiers: { type: ['null', 'object'], properties: { id: { type: ['null', 'string'] }, email: { type: ['null', 'string'] } } },
    data: { type: ['null', 'object'], additionalProperties: true },
  },
};
const ROW: ListStream = {
  name: 'campaigns', read: 'list', path: '/x', envelope: 'x', primaryKey: [['id']], pagination: { kind: 'none' },
  shape: { integers: ['id'], strings: ['customer_id'], integerLists: ['content_ids'], urls: ['url'], nested: { actions: { integers: ['id'] }, customer_identifiers: { strings: ['id'] } } },
};

test('one pass reshapes every rule, nested objects and arrays included, and leaves out what the schema does not declare', () => {
  const dropped = new Set<string>();
  const build = recordBuilder(ROW, SCHEMA, config, dropped);
  const item = {
    id: '5', customer_id: 42, content_ids: ['1', 2], url: 'https://u:p@example.com/x?y=1',
    actions: [{ id: '7', type: 'email', extra: 1 }, { id: 8, type: 'webhook' }, 'odd'], customer_identifiers: { id: 42, email: null, phone: '1' },
    data: { anything: { goes: 1 } }, other: '9',
  };
  const copy = structuredClone(item);
  assert.deepEqual(build(item), {
    id: 5, customer_id: '42', content_ids: [1, 2], url: 'https://example.com/x?y=1',
    actions: [{ id: 7, type: 'email' }, { id: 8, type: 'webhook' }, 'odd'], customer_identifiers: { id: '42', email: null },
    data: { anything: { goes: 1 } },
  });
  assert.deepEqual(item, copy, 'the item is not changed');
  assert.deepEqual([...dropped].sort(), ['actions[].extra', 'customer_identifiers.phone', 'other']);
  assert.equal(build('not an object'), undefined);
  // Values of the wrong type stay for the schema check to see.
  assert.deepEqual(build({ id: 'x', customer_identifiers: 'text', actions: null }), { id: 'x', customer_identifiers: 'text', actions: null });
});

test('fields a parent adds are kept where declared', () => {
  const dropped = new Set<string>();
  const build = recordBuilder(ROW, SCHEMA, config, dropped);
  assert.deepEqual(build({ id: 1 }, { customer_id: 7, not_declared: 1 }), { id: 1, customer_id: '7' });
  assert.deepEqual([...dropped], ['not_declared']);
});

test('the stream table brings nested action ids and URLs back to their declared form', () => {
  const b = builders();
  const campaign = b.of(def('campaigns'))({ id: 1, actions: [{ id: '259', type: 'email' }], msg_templates: [{ id: '259', type: 'email' }], object_attribute_triggers: { a: 1 } });
  assert.deepEqual(campaign?.['actions'], [{ id: 259, type: 'email' }]);
  assert.deepEqual(campaign?.['msg_templates'], [{ id: 259, type: 'email' }]);
  assert.equal(campaign?.['object_attribute_triggers'], '{"a":1}');
  const action = b.of(def('broadcast_actions'))({ id: '3', from_id: '1', reply_to_id: '38', type: 'webhook', url: 'https://hook:secret@example.com/in' });
  assert.deepEqual(action, { id: 3, from_id: 1, reply_to_id: 38, type: 'webhook', url: 'https://example.com/in' });
  const webhook = b.of(def('reporting_webhooks'))({ id: 4, endpoint: 'https://user:pass@example.com/webhook?x=1' });
  assert.equal(webhook?.['endpoint'], 'https://example.com/webhook?x=1');
  const delivery = b.of(def('customer_messages'))({ id: 'd', customer_id: 1001, msg_template_id: 43, recipient: 'person@example.com' });
  assert.deepEqual(delivery, { id: 'd', customer_id: '1001', msg_template_id: '43', recipient: 'person@example.com' });
  const email = b.of(def('design_studio_emails'))({ id: 12, parent_folder_id: null, updated: 5 });
  assert.deepEqual(email, { id: '12', parent_folder_id: null, updated: 5 });
  assert.equal(b.of(def('segments'))('not an object'), undefined);
});

test('each field left out is named once per stream, never its value', () => {
  const b = builders();
  const build = b.of(def('segments'));
  build({ id: 1, secret_field: 'hunter2' });
  const first = b.undeclaredNote('segments');
  assert.match(first ?? '', /^segments: .*left out: secret_field\.$/);
  assert.ok(!(first ?? '').includes('hunter2'));
  build({ id: 2, secret_field: 'x', other: 1 });
  assert.match(b.undeclaredNote('segments') ?? '', /left out: other\.$/);
  build({ id: 3, secret_field: 'y' });
  assert.equal(b.undeclaredNote('segments'), undefined);
  assert.equal(b.undeclaredNote('campaigns'), undefined);
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
