// metadata.yaml: required fields, allowed hosts, suggested streams and registries (MD-1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/config.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import type { StreamName } from '../src/streams/types.js';
import { data, metadata, pkg, spec } from './helpers/packaging.js';

const REQUIRED_DATA = [
  'name',
  'definitionId',
  'connectorType',
  'dockerRepository',
  'dockerImageTag',
  'license',
  'documentationUrl',
  'githubIssueLabel',
  'connectorSubtype',
  'releaseStage',
] as const;
// The properties ConnectorMetadataDefinitionV0 allows under `data` (it forbids any other).
const KNOWN_DATA = new Set<string>([
  ...REQUIRED_DATA,
  'icon', 'supportLevel', 'tags', 'releaseDate', 'protocolVersion', 'maxSecondsBetweenMessages', 'allowedHosts',
  'suggestedStreams', 'registryOverrides', 'registries', 'releases', 'resourceRequirements', 'connectorBuildOptions',
  'ab_internal', 'remoteRegistries', 'connectorTestSuitesOptions', 'supportsDbt', 'supportsNormalization',
  'supportsFileTransfer', 'supportsDataActivation', 'supportsRefreshes', 'erdUrl', 'externalDocumentationUrls', 'language',
  'connectorIPCOptions', 'generated', 'packageInfo', 'normalizationConfig', 'sourceType',
]);

test('metadata.yaml has every required field with a valid value (MD-1)', () => {
  assert.deepEqual(Object.keys(metadata).sort(), ['data', 'metadataSpecVersion']);
  assert.equal(metadata.metadataSpecVersion, '1.0');
  for (const key of REQUIRED_DATA) {
    assert.equal(typeof data[key], 'string', `data.${key} is a string`);
    assert.notEqual(String(data[key]).trim(), '', `data.${key} is not empty`);
  }
  for (const key of Object.keys(data)) assert.ok(KNOWN_DATA.has(key), `data.${key} is a field of the metadata schema`);
  assert.match(String(data['definitionId']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'definitionId is a v4 uuid');
  assert.equal(data['connectorType'], 'source');
  assert.ok(['api', 'database', 'datalake', 'file', 'custom', 'message_queue', 'unknown', 'vectorstore'].includes(String(data['connectorSubtype'])));
  assert.ok(['alpha', 'beta', 'generally_available', 'custom'].includes(String(data['releaseStage'])));
  assert.ok(['community', 'certified', 'enterprise', 'archived'].includes(String(data['supportLevel'])));
  assert.equal(new URL(String(data['documentationUrl'])).protocol, 'https:');
  assert.equal(data['documentationUrl'], spec.documentationUrl, 'metadata and spec name the same documentation');
  assert.equal(data['license'], 'MIT');
  assert.equal(data['githubIssueLabel'], pkg.name);
  assert.match(String(data['releaseDate']), /^\d{4}-\d{2}-\d{2}$/, 'releaseDate is a quoted YYYY-MM-DD string');
  assert.equal(data['protocolVersion'], '0.5.2');
  assert.deepEqual(data['tags'], ['language:typescript']);
});

test('metadata.yaml allowedHosts are bare hostnames covering both regions', () => {
  const hosts = (data['allowedHosts'] as { hosts?: unknown } | undefined)?.hosts;
  assert.ok(Array.isArray(hosts) && hosts.length > 0);
  for (const host of hosts) assert.match(String(host), /^[a-z0-9.*-]+$/i, `${String(host)} is a hostname, not a URL`);
  for (const region of ['us', 'eu']) {
    const host = new URL(parseConfig({ app_api_key: 'k', region }).baseUrl).hostname;
    assert.ok(hosts.includes(host), `the ${region} host ${host} is allowed`);
  }
});

// Streams that carry data about people: never offered by default. The deliveries of a campaign,
// broadcast or newsletter (`*_messages`) are personal; `transactional_messages` are templates.
const PERSONAL = new Set([
  'people', 'customers', 'messages', 'activities', 'segment_membership', 'esp_suppressions', 'transactional_message_deliveries',
]);
const isPersonal = (name: string): boolean =>
  PERSONAL.has(name) ||
  name.startsWith('customer') ||
  (name.endsWith('_messages') && name !== 'transactional_messages') ||
  name.endsWith('_deliveries');

test('suggestedStreams: at most 8 account lists, no per-parent fan-out, no personal data', () => {
  const streams = (data['suggestedStreams'] as { streams?: unknown } | undefined)?.streams;
  assert.ok(Array.isArray(streams) && streams.length > 0);
  assert.ok(streams.length <= 8, `${streams.length} suggested streams: a team starts with a few`);
  assert.equal(new Set(streams).size, streams.length, 'no duplicates');
  for (const s of streams as string[]) {
    const def = STREAMS_BY_NAME.get(s as StreamName);
    assert.ok(def, `${s} is a stream of the connector`);
    assert.ok(!def.personal && !isPersonal(s), `${s} holds personal data`);
    assert.equal(def.parent, undefined, `${s} fans out over a parent stream`);
    assert.notEqual(def.read, 'metrics', `${s} is a metrics stream`);
  }
  // Guard the guard: the table's flag and the names agree, so a new personal stream is caught either way.
  for (const def of STREAMS_BY_NAME.values()) assert.equal(Boolean(def.personal), isPersonal(def.name), `${def.name}: personal flag`);
  for (const s of ['customers', 'customer_attributes', 'campaign_messages', 'messages', 'activities', 'segment_membership']) {
    assert.ok(isPersonal(s), s);
  }
});

test('metadata.yaml registries: oss on, cloud off', () => {
  assert.deepEqual(data['registryOverrides'], { oss: { enabled: true }, cloud: { enabled: false } });
});
