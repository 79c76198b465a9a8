import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asInteger, asText, recordOf, reshape } from '../src/streams/shape.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import type { StreamDefinition } from '../src/streams/types.js';

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

test('reshape applies each rule, nested objects and arrays included, without touching the input', () => {
  const toRecord = reshape({
    integers: ['id'],
    strings: ['customer_id'],
    integerLists: ['content_ids'],
    urls: ['url'],
    nested: { actions: { integers: ['id'] }, customer_identifiers: { strings: ['id'] } },
  });
  const item = {
    id: '5', customer_id: 42, content_ids: ['1', 2], url: 'https://u:p@example.com/x?y=1',
    actions: [{ id: '7', type: 'email' }, { id: 8, type: 'webhook' }, 'odd'], customer_identifiers: { id: 42, email: null },
    other: '9',
  };
  const copy = structuredClone(item);
  assert.deepEqual(toRecord(item), {
    id: 5, customer_id: '42', content_ids: [1, 2], url: 'https://example.com/x?y=1',
    actions: [{ id: 7, type: 'email' }, { id: 8, type: 'webhook' }, 'odd'], customer_identifiers: { id: '42', email: null },
    other: '9',
  });
  assert.deepEqual(item, copy);
  assert.deepEqual(toRecord({ name: 'no listed fields' }), { name: 'no listed fields' });
  assert.deepEqual(toRecord('not an object'), {});
});

test('the stream table brings nested action ids and URLs back to their declared form', () => {
  const def = (name: string) => STREAMS_BY_NAME.get(name) as StreamDefinition;
  const campaign = recordOf(def('campaigns'), { id: 1, actions: [{ id: '259', type: 'email' }], msg_templates: [{ id: '259', type: 'email' }] });
  assert.deepEqual(campaign?.['actions'], [{ id: 259, type: 'email' }]);
  assert.deepEqual(campaign?.['msg_templates'], [{ id: 259, type: 'email' }]);
  const action = recordOf(def('broadcast_actions'), { id: '3', from_id: '1', reply_to_id: '38', type: 'webhook', url: 'https://hook:secret@example.com/in' });
  assert.deepEqual(action, { id: 3, from_id: 1, reply_to_id: 38, type: 'webhook', url: 'https://example.com/in' });
  const webhook = recordOf(def('reporting_webhooks'), { id: 4, endpoint: 'https://user:pass@example.com/webhook?x=1' });
  assert.equal(webhook?.['endpoint'], 'https://example.com/webhook?x=1');
  const delivery = recordOf(def('customer_messages'), { id: 'd', customer_id: 1001, msg_template_id: 43, recipient: 'person@example.com' });
  assert.deepEqual(delivery, { id: 'd', customer_id: '1001', msg_template_id: '43', recipient: 'person@example.com' });
  assert.equal(recordOf(def('segments'), 'not an object'), undefined);
});
