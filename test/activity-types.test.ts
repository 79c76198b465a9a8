import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullCatalog, loadStreamSchema, parseConfiguredCatalog, streamsFor } from '../src/catalog.js';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { activityStreamName, KNOWN_ACTIVITY_TYPES, OTHER_ACTIVITIES_STREAM } from '../src/streams/activity-types.js';
import { activityTypeStreams, flattenData } from '../src/streams/activity-streams.js';
import { STREAMS, STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { RecordBuilders } from '../src/streams/records.js';
import type { NewestFirstStream, RoutedStream } from '../src/streams/types.js';
import { recordViolations } from './helpers/record-schemas.js';
import { schemaViolations } from './helpers/schema-rules.js';

const activitiesDef = STREAMS_BY_NAME.get('activities') as NewestFirstStream;
const perType = (extra: Record<string, unknown> = {}) => parseConfig({ app_api_key: 'k-123456', activities_layout: 'per_type', ...extra });

test('stream names are activities_<type> in [a-z0-9_]', () => {
  assert.equal(activityStreamName('sent_email'), 'activities_sent_email');
  assert.equal(activityStreamName('_o:12:attribute_change'), 'activities__o_12_attribute_change');
  assert.equal(activityStreamName('Page-View'), 'activities_page_view');
  for (const type of KNOWN_ACTIVITY_TYPES.keys()) assert.match(activityStreamName(type), /^activities_[a-z0-9_]+$/);
});

test('the single layout is the default and keeps the stream table as it is', () => {
  assert.equal(parseConfig({ app_api_key: 'k-123456' }).activitiesLayout, 'single');
  assert.equal(streamsFor(parseConfig({ app_api_key: 'k-123456' })), STREAMS);
  assert.deepEqual(fullCatalog().map((s) => s.name), STREAMS.map((s) => s.name));
});

test('per_type: one stream per configured type in place of activities', () => {
  const names = streamsFor(perType({ activity_types: ['event', 'sent_email', '_o:1:attribute_change'] })).map((s) => s.name);
  assert.ok(!names.includes('activities'));
  assert.deepEqual(names.filter((n) => n.startsWith('activities')), ['activities_event', 'activities_sent_email', 'activities__o_1_attribute_change']);
  assert.equal(names.length, STREAMS.length + 2);
});

test('per_type without activity_types: every known type, and activities_other for the rest', () => {
  const streams = streamsFor(perType()).filter((s): s is RoutedStream => s.read === 'routed');
  assert.deepEqual(streams.map((s) => s.name), [...[...KNOWN_ACTIVITY_TYPES.keys()].map(activityStreamName), OTHER_ACTIVITIES_STREAM]);
  const other = streams.at(-1)!;
  assert.deepEqual(other.route, { otherThan: [...KNOWN_ACTIVITY_TYPES.keys()] });
});

test('two configured types with one stream name are a config error', () => {
  assert.throws(() => streamsFor(perType({ activity_types: ['page-view', 'page_view'] })), (e: unknown) => e instanceof ConfigError && /page-view.*page_view.*activities_page_view/.test(e.message));
});

test('each per-type schema follows the schema rules and declares the known data fields as columns', () => {
  for (const def of activityTypeStreams(activitiesDef, [], loadStreamSchema('activities'))) {
    assert.deepEqual(schemaViolations(def.schema, { primaryKey: def.primaryKey, cursorField: [def.cursor] }), [], def.name);
  }
  const props = (activityTypeStreams(activitiesDef, ['opened_email'], loadStreamSchema('activities'))[0]!.schema['properties']) as Record<string, unknown>;
  for (const column of ['data_delivered', 'data_delivery_id', 'data_opened', 'data', 'delivery_id', 'timestamp']) assert.ok(column in props, column);
});

test('flattening: known data fields become columns of their declared types; the rest stays in data', () => {
  const [def] = activityTypeStreams(activitiesDef, ['delivered_email'], loadStreamSchema('activities'));
  const item = {
    id: '01A', type: 'delivered_email', timestamp: 1_700_000_000, customer_id: 42, delivery_id: 'd1',
    data: { delivered: '1700000000', delivery_id: 'd1', opened: null, campaign_note: 'x' },
  };
  const config = perType({ activity_types: ['delivered_email'] });
  const record = new RecordBuilders((name) => (name === def!.name ? def!.schema : loadStreamSchema(name)), config).of(def!)(item)!;
  assert.deepEqual(record, {
    id: '01A', type: 'delivered_email', timestamp: 1_700_000_000, customer_id: '42', delivery_id: 'd1',
    data_delivered: 1_700_000_000, data_delivery_id: 'd1', data_opened: null, data: { campaign_note: 'x' },
  });
  assert.deepEqual(recordViolations(def!.name, def!.schema, [record]), []);
  // Nothing left: data is null; no data at all: the record is unchanged.
  assert.equal(flattenData({ data: { opened: true } }, { opened: { type: ['null', 'boolean'], description: '' } })['data'], null);
  assert.deepEqual(flattenData({ id: 'a' }, { opened: { type: ['null', 'boolean'], description: '' } }), { id: 'a' });
});

test('the configured catalog is read against the streams the config offers', () => {
  const offered = new Map(streamsFor(perType({ activity_types: ['event'] })).map((s) => [s.name, s]));
  const entry = (name: string) => ({ streams: [{ stream: { name }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] });
  assert.deepEqual((parseConfiguredCatalog(entry('activities_event'), offered)[0]!.def as RoutedStream).route, { type: 'event' });
  assert.throws(() => parseConfiguredCatalog(entry('activities'), offered), /activities\. Run discover/);
  assert.throws(() => parseConfiguredCatalog(entry('activities_event')), /activities_event/);
});
