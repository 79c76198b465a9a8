// Static checks of the files that package the connector as an Airbyte image: Dockerfile,
// metadata.yaml, acceptance-test-config.yml, .dockerignore and .ci/run. They need no container
// engine; scripts/container-smoke.sh builds and runs the image itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../src/config.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

// ----------------------------------------------------------------------------------- Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}

/** Splits a Dockerfile into instructions: comments dropped, backslash continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() });
  }
  return out;
}

/** Reads the key=value pairs of ENV or LABEL (values may be double-quoted); also the legacy `ENV KEY value`. */
function parsePairs(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const re = /([A-Za-z0-9_.\-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  let found = false;
  for (const m of args.matchAll(re)) {
    found = true;
    const value = m[2]!;
    pairs.set(m[1]!, value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  if (!found) {
    const legacy = /^(\S+)\s+(.*)$/.exec(args);
    if (legacy) pairs.set(legacy[1]!, legacy[2]!);
  }
  return pairs;
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const stages: Instruction[][] = [];
for (const ins of dockerfile) {
  if (ins.keyword === 'FROM') stages.push([]);
  stages.at(-1)?.push(ins);
}
const runtime = stages.at(-1) ?? [];
const runtimeEnv = new Map<string, string>();
const runtimeLabels = new Map<string, string>();
for (const ins of runtime) {
  if (ins.keyword === 'ENV') for (const [k, v] of parsePairs(ins.args)) runtimeEnv.set(k, v);
  if (ins.keyword === 'LABEL') for (const [k, v] of parsePairs(ins.args)) runtimeLabels.set(k, v);
}
const last = (keyword: string): Instruction | undefined => runtime.filter((i) => i.keyword === keyword).at(-1);

function entrypointArray(): string[] {
  const ins = last('ENTRYPOINT');
  assert.ok(ins, 'the runtime stage has an ENTRYPOINT');
  let value: unknown;
  try {
    value = JSON.parse(ins.args);
  } catch {
    assert.fail(`ENTRYPOINT must be in exec (JSON array) form, got: ${ins.args}`);
  }
  assert.ok(Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'), 'ENTRYPOINT is a non-empty array of strings');
  return value as string[];
}

// ------------------------------------------------------------------------------ metadata & co.

interface Metadata {
  metadataSpecVersion: unknown;
  data: Record<string, unknown>;
}
const metadata = parseYaml(read('metadata.yaml')) as Metadata;
const data = metadata.data;
const pkg = JSON.parse(read('package.json')) as { name: string; version: string };
const spec = JSON.parse(read('schemas/spec.json')) as { documentationUrl?: string };
const cat = parseYaml(read('acceptance-test-config.yml')) as Record<string, unknown>;

test('Dockerfile: multi-stage build on node:20-bookworm-slim', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  const froms = stages.map((s) => s[0]!.args);
  assert.match(froms[0]!, /^node:20-bookworm-slim\s+AS\s+build$/i);
  assert.equal(froms.at(-1), 'node:20-bookworm-slim');
  const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  for (const what of ['dist', 'schemas', 'node_modules', 'package.json']) {
    assert.ok(copies.some((c) => c.startsWith('--from=build') && c.includes(`/build/${what}`)), `the runtime stage copies ${what} from the build stage`);
  }
  assert.equal(last('WORKDIR')?.args, '/airbyte');
  assert.equal(runtimeEnv.get('NODE_ENV'), 'production');
});

test('Dockerfile: AIRBYTE_ENTRYPOINT is the ENTRYPOINT array joined by single spaces', () => {
  const entrypoint = entrypointArray();
  assert.equal(runtimeEnv.get('AIRBYTE_ENTRYPOINT'), entrypoint.join(' '));
  assert.deepEqual(entrypoint, ['node', '/airbyte/dist/bin/main.js']);
  assert.ok(!['npm', 'npx', 'yarn', 'pnpm'].includes(path.basename(entrypoint[0]!)), 'no package-manager wrapper prints to stdout');
});

test('Dockerfile: the image runs as a non-root user', () => {
  const user = last('USER');
  assert.ok(user, 'the runtime stage sets USER');
  const name = user.args.split(':')[0]!;
  assert.ok(!['', '0', 'root'].includes(name), `USER ${user.args} is not root`);
});

test('Dockerfile labels == metadata.yaml == package.json version', () => {
  assert.equal(runtimeLabels.get('io.airbyte.name'), data['dockerRepository']);
  assert.equal(runtimeLabels.get('io.airbyte.version'), data['dockerImageTag']);
  assert.equal(data['dockerImageTag'], pkg.version);
  assert.equal(cat['connector_image'], `${String(data['dockerRepository'])}:dev`);
});

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
  assert.equal(data['dockerRepository'], `airbyte/${pkg.name}`);
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

test('suggestedStreams are known streams and hold no personal data', () => {
  const streams = (data['suggestedStreams'] as { streams?: unknown } | undefined)?.streams;
  assert.ok(Array.isArray(streams) && streams.length > 0);
  assert.equal(new Set(streams).size, streams.length, 'no duplicates');
  for (const s of streams as string[]) {
    assert.ok(!isPersonal(s), `${s} holds personal data`);
    assert.ok(STREAMS_BY_NAME.has(s), `${s} is a stream of the connector`);
  }
  // Guard the guard: these really are matched.
  for (const s of ['customers', 'customer_attributes', 'campaign_messages', 'messages', 'activities', 'segment_membership']) {
    assert.ok(isPersonal(s), s);
  }
});

test('metadata.yaml registries: oss on, cloud off', () => {
  assert.deepEqual(data['registryOverrides'], { oss: { enabled: true }, cloud: { enabled: false } });
});

test('acceptance-test-config.yml: high strictness, the six core suites, no unknown keys', () => {
  const allowedTop = ['connector_image', 'acceptance_tests', 'base_path', 'test_strictness_level', 'custom_environment_variables'];
  for (const key of Object.keys(cat)) assert.ok(allowedTop.includes(key), `${key} is a key of the CAT config model`);
  assert.equal(cat['test_strictness_level'], 'high');
  const suites = cat['acceptance_tests'] as Record<string, { tests?: Array<Record<string, unknown>>; bypass_reason?: string }>;
  for (const suite of ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental']) {
    const s = suites[suite];
    assert.ok(s, `${suite} is declared`);
    assert.ok((s.tests !== undefined) !== (s.bypass_reason !== undefined), `${suite} has tests or a bypass_reason, not both`);
  }
  const first = (suite: string): Record<string, unknown> => suites[suite]!.tests![0]!;
  assert.equal(first('spec')['spec_path'], 'integration_tests/spec.json');
  const statuses = suites['connection']!.tests!.map((t) => [t['config_path'], t['status']]);
  assert.deepEqual(statuses, [['secrets/config.json', 'succeed'], ['integration_tests/invalid_config.json', 'failed']]);
  const basic = first('basic_read');
  assert.equal(basic['configured_catalog_path'], undefined, 'high strictness reads the discovered catalog');
  assert.equal((basic['expect_records'] as { path?: string }).path, 'integration_tests/expected_records.jsonl');
  for (const e of (basic['empty_streams'] as Array<{ bypass_reason?: string }> | undefined) ?? []) assert.ok(e.bypass_reason);
  assert.equal(first('full_refresh')['configured_catalog_path'], 'integration_tests/configured_catalog.json');
  const inc = first('incremental');
  assert.equal(inc['configured_catalog_path'], 'integration_tests/configured_catalog_incremental.json');
  assert.equal((inc['future_state'] as { future_state_path?: string }).future_state_path, 'integration_tests/abnormal_state.json');
  assert.ok(!read('acceptance-test-config.yml').includes('cached_discovered_catalog'));
});

test('.dockerignore keeps local state and secrets out of the build context', () => {
  const lines = new Set(read('.dockerignore').split('\n').map((l) => l.trim()));
  for (const entry of ['.git', 'dist', 'secrets', 'demo-output']) assert.ok(lines.has(entry), entry);
  assert.ok(lines.has('node_modules') || lines.has('**/node_modules'), 'node_modules');
});

test('.ci/run is an executable strict bash script that installs and tests', () => {
  accessSync(path.join(ROOT, '.ci/run'), constants.X_OK);
  const text = read('.ci/run');
  assert.match(text, /^#!\/usr\/bin\/env bash\n/);
  assert.match(text, /^set -euo pipefail$/m);
  assert.match(text, /^npm ci\b/m);
  assert.match(text, /^npm test$/m);
});
