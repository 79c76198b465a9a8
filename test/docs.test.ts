/*
 * docs/customer-io.md is the page a user reads in Airbyte. These tests keep it in step with what
 * the connector declares: the spec's options, the stream table, the image in metadata.yaml and
 * the release history, so a new option, stream or version fails here until it is documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { redirectError } from '../src/http/redirect.js';
import { STREAMS, STREAMS_BY_NAME } from '../src/streams/definitions.js';
import type { StreamDefinition } from '../src/streams/types.js';
import { renderDocs } from '../scripts/docs-table.js';
import { ROOT } from './helpers/connector.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const doc = read('docs/customer-io.md');

/** Airbyte's connector pages put these second-level sections in this order. */
const SECTIONS = [
  'Prerequisites',
  'Setup guide',
  'Supported sync modes',
  'Supported streams',
  'Data type map',
  'Performance considerations',
  'Limitations and troubleshooting',
  "Airbyte's Customer.io connector and this one",
  'Changelog',
];

/** The text from a `## title` heading to the next second-level heading. */
function section(title: string): string {
  const lines = doc.split('\n');
  const start = lines.indexOf(`## ${title}`);
  assert.notEqual(start, -1, `docs/customer-io.md has no "## ${title}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

type Table = { header: string[]; rows: string[][] };

/** The markdown tables of `text`, cells trimmed; the separator line is dropped. */
function tables(text: string): Table[] {
  const out: Table[] = [];
  let current: string[][] | undefined;
  for (const line of [...text.split('\n'), '']) {
    if (line.startsWith('|')) {
      (current ??= []).push(line.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined).split('|').map((c) => c.trim()));
    } else if (current) {
      const [header = [], , ...rows] = current;
      out.push({ header, rows });
      current = undefined;
    }
  }
  return out;
}

/** The one table in `title` whose first column is headed `first`. */
function tableIn(title: string, first: string): Table {
  const found = tables(section(title)).filter((t) => t.header[0] === first);
  assert.equal(found.length, 1, `"## ${title}" should hold one table headed "${first}"`);
  return found[0]!;
}

/** Names in backticks: "`a`, `b`" -> ["a", "b"]. */
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

test('the page is titled Customer.io and has Airbyte\'s sections, in order', () => {
  assert.equal(doc.split('\n')[0], '# Customer.io');
  const headings = doc.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
  assert.equal(headings[0], 'Prerequisites', 'Prerequisites comes first');
  assert.deepEqual(headings.filter((h) => SECTIONS.includes(h)), SECTIONS);
  for (const title of SECTIONS) assert.equal(headings.filter((h) => h === title).length, 1, `one "## ${title}"`);
});

test('every spec option is documented once, with its title, default, requiredness and values', () => {
  const spec = JSON.parse(read('schemas/spec.json')) as { connectionSpecification: { required: string[]; properties: Record<string, Record<string, unknown>> } };
  const { properties, required } = spec.connectionSpecification;
  const table = tableIn('Setup guide', 'field');
  const documented = table.rows.map((r) => /\(`([a-z_]+)`\)$/.exec(r[0] ?? '')?.[1]);
  assert.deepEqual(documented.filter((k) => k === undefined || !(k in properties)), [], 'rows naming no spec option');
  for (const [key, prop] of Object.entries(properties)) {
    const rows = table.rows.filter((r) => r[0]?.endsWith(`(\`${key}\`)`));
    assert.equal(rows.length, 1, `${key}: one row in the configuration table`);
    const [field, req, dflt, notes] = rows[0]!;
    assert.equal(field, `${String(prop['title'])} (\`${key}\`)`, `${key}: the row names the field as the setup form does`);
    assert.equal(req, required.includes(key) ? 'yes' : 'no', `${key}: required`);
    if (prop['default'] !== undefined) {
      const shown = typeof prop['default'] === 'string' ? prop['default'] : JSON.stringify(prop['default']);
      assert.equal(dflt, `\`${shown}\``, `${key}: default`);
    }
    const items = prop['items'] as Record<string, unknown> | undefined;
    const values = (prop['enum'] ?? items?.['enum'] ?? []) as string[];
    for (const v of values) assert.ok(ticked(`${dflt} ${notes}`).includes(v), `${key}: value ${v} documented`);
  }
});

test('the streams table is the stream table: endpoint, key, cursor and personal data of every stream, and no other', () => {
  const table = tableIn('Supported streams', 'stream');
  const names = table.rows.map((r) => ticked(r[0] ?? '')[0]);
  assert.deepEqual(names.filter((n) => n === undefined || !STREAMS_BY_NAME.has(n)), [], 'rows naming no stream');
  assert.equal(new Set(names).size, names.length, 'each stream listed once');
  for (const s of STREAMS) {
    const row = table.rows.find((r) => r[0] === `\`${s.name}\``);
    assert.ok(row, `${s.name} missing from the streams table of docs/customer-io.md`);
    const [, endpoint, key, cursor, requests, personal] = row;
    assert.equal(endpoint, `\`${'method' in s && s.method !== undefined ? s.method : 'GET'} /v1${s.path}\``, `${s.name}: endpoint`);
    assert.deepEqual(ticked(key ?? ''), s.primaryKey.map((k) => k.join('.')), `${s.name}: primary key`);
    assert.equal(cursor, s.cursor !== undefined ? `\`${s.cursor}\` (full refresh, incremental)` : 'full refresh', `${s.name}: cursor and sync modes`);
    assert.ok(requests, `${s.name}: request cost`);
    assert.equal(personal, s.personal ? 'yes' : '', `${s.name}: personal data`);
  }
});

test('the generated parts of the page (streams, incremental kinds, streams Airbyte lacks) are what the stream table gives', () => {
  // Drift check: a row added to src/streams/definitions.ts changes these parts; `npm run docs` rewrites them.
  assert.equal(doc, renderDocs(doc), 'docs/customer-io.md is out of date: run npm run docs');
});

test('a stream with a cursor that no incremental kind describes fails generation, naming it', () => {
  const odd: StreamDefinition = {
    name: 'activities_probe', read: 'partitioned', path: '/probe', envelope: 'items', primaryKey: [['id']], cursor: 'updated',
    pagination: { kind: 'none' }, partitions: { param: 'kind', values: ['a'], in: 'query' },
  };
  assert.throws(() => renderDocs(doc, [...STREAMS, odd]), /no incremental kind fits activities_probe/);
});

test('the generated stream table names every stream once, with its cost', () => {
  const rows = tableIn('Supported streams', 'stream').rows;
  assert.deepEqual(rows.map((r) => r[0]), STREAMS.map((s) => `\`${s.name}\``));
  const cost = (name: string) => rows.find((r) => r[0] === `\`${name}\``)?.[4];
  assert.equal(cost('design_studio_emails'), '1 per page of 1000');
  assert.equal(cost('campaign_messages'), '1 per page of 1000 per campaign per 360-day window');
  assert.equal(cost('customer_attributes'), '1 per 100 people');
  assert.equal(cost('campaign_action_metrics'), '1 per campaign action per metrics period');
});

test('every stream is either mapped to one of Airbyte\'s or named among those Airbyte lacks', () => {
  const section_ = section("Airbyte's Customer.io connector and this one");
  const mapped = new Set(tableIn("Airbyte's Customer.io connector and this one", "Airbyte's stream").rows.flatMap((r) => ticked(r[1] ?? '')));
  const lacking = /Streams of this connector that Airbyte's has no equivalent for: ([^]*?)\.\n/.exec(section_)?.[1] ?? '';
  const metrics = Number(/the (\d+) metrics streams/.exec(lacking)?.[1] ?? 0);
  const named = new Set(ticked(lacking));
  for (const s of STREAMS) {
    if (s.read === 'metrics' && !mapped.has(s.name)) continue;
    assert.ok(mapped.has(s.name) || named.has(s.name), `${s.name}: neither in the comparison table nor among the streams Airbyte lacks`);
  }
  assert.equal(metrics, STREAMS.filter((s) => s.read === 'metrics' && !mapped.has(s.name)).length, 'the count of metrics streams');
});

test('the image to add to Airbyte is metadata.yaml\'s repository and tag', () => {
  const data = (parseYaml(read('metadata.yaml')) as { data: Record<string, unknown> }).data;
  const repository = String(data['dockerRepository']);
  const tag = String(data['dockerImageTag']);
  const setup = section('Setup guide');
  assert.ok(setup.includes(`**Docker repository name**: \`${repository}\``), 'the custom connector form names the repository');
  assert.ok(setup.includes(`**Docker image tag**: \`${tag}\``), 'the custom connector form names the tag');
  // Any image reference in the page, in prose or commands, is the same repository (and tag).
  for (const m of doc.matchAll(/(?:[a-z0-9.-]+\/)+source-customer-io(?::([\w.-]+))?/g)) {
    if (m[0].startsWith('airbytehq/')) continue; // Airbyte's repository, named in the comparison
    assert.equal(m[0].replace(/:[\w.-]+$/, ''), repository, `image reference ${m[0]}`);
    if (m[1] !== undefined) assert.equal(m[1], tag, `image tag in ${m[0]}`);
  }
});

test('the wrong-region example is the message the connector writes', () => {
  const { message } = redirectError(301, 'GET /v1/workspaces', 'https://api-eu.customer.io/v1/workspaces', 'wrong datacenter', {
    region: 'us', baseUrl: 'https://api.customer.io', baseUrlSet: false,
  });
  assert.ok(section('Setup guide').includes(`\n${message}\n`), `the page quotes: ${message}`);
});

test('the changelog has CHANGELOG.md\'s releases, newest first, and the newest is package.json\'s version', () => {
  const pkg = JSON.parse(read('package.json')) as { version: string };
  const rows = tableIn('Changelog', 'version').rows;
  const headings = [...read('CHANGELOG.md').matchAll(/^## (Unreleased|(\S+) \((\d{4}-\d{2}-\d{2})\))$/gm)]
    .map((m) => (m[1] === 'Unreleased' ? ['Unreleased', ''] : [m[2]!, m[3]!]));
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), headings, 'versions and dates as in CHANGELOG.md');
  for (const r of rows) assert.ok(r[2], `${r[0]}: subjects`);
  assert.equal(rows.find((r) => r[0] !== 'Unreleased')?.[0], pkg.version);
});

test('the comparison with Airbyte\'s connector names only streams this connector has', () => {
  const rows = tableIn("Airbyte's Customer.io connector and this one", "Airbyte's stream").rows;
  for (const [theirs, ours] of rows) {
    const mapped = ticked(ours ?? '');
    for (const name of mapped) assert.ok(STREAMS_BY_NAME.has(name), `${theirs} -> ${name}: no such stream`);
    if (mapped.length === 0) assert.equal(ours, 'none', `${theirs}: a stream name or "none"`);
    // A stream added under Airbyte's own name must not stay marked as missing.
    const same = ticked(theirs ?? '')[0];
    if (same !== undefined && STREAMS_BY_NAME.has(same)) assert.ok(mapped.includes(same), `${same} exists: map it`);
  }
});

test('the README quickstart is the two commands CI and a new user run', () => {
  const readme = read('README.md');
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /npm test/);
  const ci = read(path.join('.ci', 'run'));
  assert.match(ci, /npm ci/);
  assert.match(ci, /npm test/);
});
