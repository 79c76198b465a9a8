import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { loadSpec } from '../src/config.js';

type Node = { [key: string]: unknown };
const spec = loadSpec();
const conn = spec['connectionSpecification'] as Node;

/** Every schema node of the spec, with its path. */
function* nodes(node: unknown, path = '#'): Generator<[string, Node]> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const n = node as Node;
  yield [path, n];
  for (const [k, v] of Object.entries((n['properties'] as Node | undefined) ?? {})) yield* nodes(v, `${path}/${k}`);
  if (n['items']) yield* nodes(n['items'], `${path}[]`);
}

test('SP-3: the connection specification is a draft-07 object schema; the docs URL is a URI', () => {
  assert.equal(conn['type'], 'object');
  assert.ok(new Ajv({ strict: false }).validateSchema(conn));
  assert.doesNotThrow(() => new URL(spec['documentationUrl'] as string));
  assert.equal(spec['protocol_version'], '0.5.2');
});

test('SP-5..SP-14: enums, type arrays, items, keywords, additionalProperties, order, $ref', () => {
  const text = JSON.stringify(spec);
  assert.ok(!text.includes('"$ref"'));
  const orders = new Set<unknown>();
  for (const [path, n] of nodes(conn)) {
    if (Array.isArray(n['enum'])) assert.equal(new Set(n['enum']).size, n['enum'].length, `${path}: duplicate enum`);
    if (Array.isArray(n['type'])) assert.ok(n['type'].length === 1 || (n['type'].length === 2 && n['type'][1] === 'null'), path);
    for (const k of ['not', 'anyOf', 'allOf', 'if', 'then', 'else', 'patternProperties', 'prefixItems', 'dependentSchemas', 'dependentRequired']) assert.ok(!(k in n), `${path}: ${k}`);
    if ('additionalProperties' in n) assert.equal(n['additionalProperties'], true, path);
    if (n['type'] === 'array') assert.ok(['string', 'number', 'integer', 'object'].includes((n['items'] as Node)['type'] as string), path);
    if (n['type'] === 'object' && path !== '#') assert.ok(Object.keys((n['properties'] as Node | undefined) ?? {}).length > 0 || 'oneOf' in n, path);
  }
  for (const [, p] of Object.entries(conn['properties'] as Node)) {
    const order = (p as Node)['order'];
    assert.ok(!orders.has(order), `order ${order} used twice`);
    orders.add(order);
    assert.ok((p as Node)['title'] && (p as Node)['description'], 'every property has a title and a description');
  }
});

test('SP-7: the key is a secret; nothing else is', () => {
  for (const [name, p] of Object.entries(conn['properties'] as Node)) {
    assert.equal((p as Node)['airbyte_secret'] === true, name === 'app_api_key', name);
  }
});
