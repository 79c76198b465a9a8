import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { renderGenerated, ROOT, STREAM_SCHEMAS_DIR, streamNames } from '../scripts/generate.js';
import { STREAM_NAMES, type CampaignsRecord, type CustomerAttributesRecord, type SegmentMembershipRecord } from '../src/generated/records.js';
import { STREAMS } from '../src/streams/definitions.js';
import { createAjv } from '../src/config.js';
import { closedValidator as closedSchemaValidator } from './helpers/record-schemas.js';
import { schemaViolations } from './helpers/schema-rules.js';

type Json = Record<string, unknown>;

function loadSchema(stream: string): Json {
  return JSON.parse(readFileSync(path.join(STREAM_SCHEMAS_DIR, `${stream}.json`), 'utf8')) as Json;
}

/** Validates like BR-3 plus BR-5: declared types, and no key the schema does not declare. */
function closedValidator(stream: string): ValidateFunction {
  return closedSchemaValidator(loadSchema(stream));
}

describe('stream schemas', () => {
  test('one schema file per stream in the stream table, and the generated list agrees', () => {
    const tableNames = STREAMS.map((s) => s.name as string).sort();
    assert.deepEqual(streamNames(), tableNames);
    assert.deepEqual([...STREAM_NAMES], tableNames);
  });

  for (const def of STREAMS) {
    test(`${def.name} follows the schema rules`, () => {
      const violations = schemaViolations(loadSchema(def.name), {
        primaryKey: def.primaryKey,
        ...(def.cursor !== undefined ? { cursorField: [def.cursor] } : {}),
      });
      assert.deepEqual(violations, []);
    });
  }

  test('every schema compiles with ajv as draft-07', () => {
    const ajv = createAjv();
    for (const name of streamNames()) {
      const schema = loadSchema(name);
      assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#', name);
      assert.doesNotThrow(() => ajv.compile(schema), name);
    }
  });

  test('period_start is checked as a date-time', () => {
    const validate = closedValidator('campaign_metrics');
    const row = { campaign_id: 5, period: 'days', period_start: '2026-11-01T00:00:00Z', step_index: 0, sent: 3, opened: null };
    assert.ok(validate(row), JSON.stringify(validate.errors));
    assert.equal(validate({ ...row, period_start: 'yesterday' }), false);
  });
});

/*
 * Records shaped like the documented API responses (API.md §2), as the connector emits them.
 * Validated against closed copies of the schemas: a key the schema forgot fails here.
 */
const EXAMPLES: Record<string, Json[]> = {
  campaigns: [{
    id: 5, name: 'Onboarding', description: 'Welcome series', active: true, state: 'running', created: 1552341937, updated: 1552341937,
    first_started: 1552341937, deduplicate_id: '5:1552341937', tags: ['new', 'welcome'], actions: [{ id: 259, type: 'email' }],
    filter_segment_ids: [21, 42], trigger_segment_ids: [90], type: 'segment', msg_templates: [{ id: 1, type: 'email' }],
    audience: { type: 1, person_filters: '{"and":[]}', relationship_filters: null }, object_type_id: 1, webhook_id: null,
  }],
  campaign_actions: [{
    id: 96, campaign_id: 5, parent_action_id: 1, name: 'Opening Message', type: 'email', subject: 'Hello', from: 'a@example.com',
    from_id: 1, reply_to_id: 38, recipient: '{{customer.email}}', language: '', sending_state: 'automatic', created: 1552341937,
    updated: 1552341937, deduplicate_id: '96:1552341937', body: '<p>hi</p>', headers: '{}', fake_bcc: false,
  }, {
    id: 97, campaign_id: 5, type: 'webhook', url: 'https://example.com/hook', method: 'post', body: '{}', headers: '[]', created: 1, updated: 2,
  }],
  broadcast_actions: [{ id: 3, broadcast_id: 2, campaign_id: null, type: 'twilio', body: 'Hi', image_url: null, created: 1, updated: 2 }],
  newsletter_test_groups: [{ newsletter_id: 10, id: 0, name: 'A', label: 'test 1', winner: false, content_ids: [25, 26] }],
  segment_membership: [{ segment_id: 7, cio_id: 'a3000001', id: '42', email: null }],
  messages: [{
    id: 'ag1q6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=', deduplicate_id: 'ag1q6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=:1619137768', action_id: 215,
    broadcast_id: null, campaign_id: 23, content_id: null, newsletter_id: null, parent_action_id: null, trigger_event_id: null,
    customer_id: null, customer_identifiers: { id: null, email: 'person@example.com', cio_id: 'a3000001' }, recipient: 'person@example.com',
    subject: 'Hi', type: 'email', created: 1619137767, failure_message: null, forgotten: false, msg_template_id: 43,
    metrics: { sent: 1619137768, delivered: 1619137768, human_opened: 1619137800 }, tracked_responses: { yes: { id: 1, ts: 1619137900 } },
  }],
  transactional_message_deliveries: [{
    id: 'dlv1', created: 1700000000, type: 'email', transactional_message_id: 2, campaign_id: null, action_id: null,
    identifiers: { id: '1', email: 'a@example.com', cio_id: 'a3000001' }, metrics: { sent: 1700000001 },
  }],
  customer_messages: [{
    id: 'dlv2', deduplicate_id: 'dlv2:1', action_id: 1, broadcast_id: null, campaign_id: 2, content_id: null, newsletter_id: null,
    customer_id: '42', recipient: 'a@example.com', subject: 's', type: 'email', created: 1700000000, failure_message: null,
    forgotten: false, msg_template_id: '43', metrics: { sent: 1700000001, delivered: 1700000002 }, customer_cio_id: 'a3000001',
  }],
  activities: [{
    id: '01AK4N8V8G8KVA4HN8Y50CCZ59', type: 'sent_email', timestamp: 1397566226, customer_id: '42',
    customer_identifiers: { id: '42', email: 'test@example.com', cio_id: 'a3000001' }, delivery_id: 'ZAIAAVTJVG0QcCok0-0ZKj6yiQ==',
    delivery_type: 'email', data: { delivered: null, delivery_id: 'ZAIAAVTJVG0QcCok0-0ZKj6yiQ==', opened: null },
  }, {
    id: '01AK4N8V8G8KVA4HN8Y50CCZ60', type: 'attribute_change', timestamp: 1397566227, customer_id: null,
    customer_identifiers: { id: null, email: null, cio_id: 'a3000002' }, data: { plan: { from: 'free', to: 'pro' } },
  }],
  customer_activities: [{ id: '01AK4N8V8G8KVA4HN8Y50CCZ61', type: 'event', name: 'purchased', timestamp: 1, data: { total: 9.5 }, customer_cio_id: 'a3000001' }],
  customer_attributes: [{
    cio_id: '03000001', id: '1', identifiers: { id: '1', email: 'test@example.com', cio_id: '03000001' },
    attributes: { id: '1', email: 'test@example.com', created_at: '1489014595', department: 'qa' },
    timestamps: { id: 1489014595, email: 1508932553 }, unsubscribed: false,
    devices: [{ id: 'my_ios_device_id', platform: 'ios', last_used: 1514764800, attributes: { app_version: '1.2' } }],
  }],
  customer_relationships: [{ customer_id: 'a3000001', object_type_id: '1', object_id: 'acme', cio_object_id: 'ob020101', attributes: { role: 'admin' }, timestamps: { role: 1 } }],
  objects: [{ object_type_id: '1', object_id: 'acme', cio_object_id: 'ob020101' }],
  object_types: [{ id: '1', name: 'Concerts', singular_name: 'Concert', slug: 'concerts', singular_slug: 'concert', icon: 'calendar', enabled: true }],
  info_ip_addresses: [{ ip: '35.188.196.183' }],
  esp_suppressions: [
    { domain: '', type: 'bounces', email: 'a@example.com', created: 1650895738, reason: 'Uploaded manually via api.customer.io', status: '550' },
    { domain: 'mail.example.com', type: 'spam_reports', email: 'b@example.com', created: 1650895739 },
  ],
  segment_usage: [{ segment_id: 7, campaigns: [1, 2], sent_newsletters: [], draft_newsletters: [3] }],
  campaign_action_metrics: [{
    campaign_id: 5, action_id: 96, period: 'days', period_start: '2026-11-01T00:00:00Z', step_index: 44, language: '',
    sent: 12, delivered: 12, opened: 5, extra_series: { some_new_series: 1 },
  }],
  newsletter_metrics: [{ newsletter_id: 10, period: 'weeks', period_start: '2026-10-25T00:00:00Z', step_index: 0, type: 'email', sent: 1 }],
  campaign_journey_metrics: [{ campaign_id: 5, period: 'days', period_start: '2026-11-01T00:00:00Z', step_index: 0, started: 4, finished: 2, converted: 0 }],
  campaign_link_metrics: [{ campaign_id: 5, link_id: 1234, period: 'days', period_start: '2026-11-01T00:00:00Z', href: 'https://example.com', step_index: 3, clicked: 2, human_clicked: 1, machine_clicked: 1 }],
};

describe('documented records validate against the closed schemas', () => {
  for (const [stream, records] of Object.entries(EXAMPLES)) {
    test(stream, () => {
      const validate = closedValidator(stream);
      for (const record of records) assert.ok(validate(record), `${stream}: ${JSON.stringify(validate.errors)}`);
    });
  }

  test('an undeclared key or a null primary key is caught', () => {
    const validate = closedValidator('segment_membership');
    assert.equal(validate({ segment_id: 7, cio_id: 'a3000001', nickname: 'x' }), false);
    assert.equal(validate({ segment_id: 7, cio_id: null }), false);
    const deliveries = closedValidator('messages');
    assert.equal(deliveries({ id: 'd', metrics: { sent: 1, teleported: 2 } }), false);
    // Free-form objects stay open.
    assert.ok(deliveries({ id: 'd', tracked_responses: { anything: { goes: true } } }));
  });
});

describe('schemaViolations', () => {
  const base = () => JSON.parse(JSON.stringify(loadSchema('messages'))) as Json;
  const props = (s: Json) => s['properties'] as Record<string, Json>;
  const check = (s: Json) => schemaViolations(s, { primaryKey: [['id']], cursorField: ['created'] });

  test('accepts a real schema', () => {
    assert.deepEqual(check(base()), []);
  });

  const cases: Array<[string, (s: Json) => void, RegExp]> = [
    ['a $ref', (s) => { props(s)['subject'] = { $ref: '#/definitions/x' }; }, /"\$ref" is not allowed/],
    ['anyOf', (s) => { props(s)['subject'] = { anyOf: [{ type: 'string' }, { type: 'null' }] }; }, /"anyOf" is not allowed/],
    ['a closed nested object', (s) => { (props(s)['metrics'] as Json)['additionalProperties'] = false; }, /metrics: additionalProperties must be true/],
    ['an object without additionalProperties', (s) => { delete (props(s)['customer_identifiers'] as Json)['additionalProperties']; }, /customer_identifiers: an object must say additionalProperties: true/],
    ['a nullable primary key', (s) => { props(s)['id'] = { type: ['null', 'string'] }; }, /primary key id must not be nullable/],
    ['a missing cursor', (s) => { delete props(s)['created']; }, /cursor field created is not declared/],
    ['a non-null ordinary field', (s) => { props(s)['subject'] = { type: 'string' }; }, /subject: must be nullable/],
    ['two non-null types', (s) => { props(s)['subject'] = { type: ['null', 'string', 'integer'] }; }, /subject: type must be one type T/],
    ['a custom keyword', (s) => { (props(s)['subject'] as Json)['x-cursor'] = true; }, /custom keyword "x-cursor"/],
    ['a format other than date-time', (s) => { (props(s)['subject'] as Json)['format'] = 'email'; }, /format "email" is not allowed/],
    ['empty nested properties', (s) => { props(s)['tracked_responses'] = { type: ['null', 'object'], additionalProperties: true, properties: {} }; }, /empty properties/],
    ['an array without items', (s) => { props(s)['tags'] = { type: ['null', 'array'] }; }, /tags: an array needs one items schema/],
    ['no top-level properties', (s) => { delete s['properties']; }, /the root must declare properties/],
    ['a multi-line description', (s) => { s['description'] = 'one\ntwo'; }, /description must be one line/],
  ];
  for (const [label, mutate, expected] of cases) {
    test(`rejects ${label}`, () => {
      const s = base();
      mutate(s);
      const violations = check(s);
      assert.ok(violations.some((v) => expected.test(v)), `expected ${expected} in ${JSON.stringify(violations)}`);
    });
  }
});

test('src/generated/ matches a fresh `npm run generate`', async () => {
  const files = await renderGenerated();
  assert.deepEqual(Object.keys(files).sort(), ['src/generated/config.ts', 'src/generated/records.ts', 'src/generated/state.ts']);
  for (const [relative, content] of Object.entries(files)) {
    const onDisk = readFileSync(path.join(ROOT, relative), 'utf8');
    assert.ok(onDisk === content, `${relative} is out of date with schemas/: run npm run generate`);
  }
});

// Type-level checks, enforced by `npm run typecheck`: record types are closed and keys are required.
export const typeChecks = (): unknown[] => {
  const membership: SegmentMembershipRecord = { segment_id: 7, cio_id: 'a3000001' };
  // @ts-expect-error a misspelt field is not part of the record type
  const typo: CampaignsRecord = { id: 1, nmae: 'Onboarding' };
  // @ts-expect-error the primary key is required
  const noKey: CampaignsRecord = { name: 'Onboarding' };
  const freeForm: CustomerAttributesRecord = { cio_id: 'a3000001', attributes: { anything: 'goes' } };
  return [membership, typo, noKey, freeForm];
};
