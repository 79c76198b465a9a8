/*
 * The rules every stream schema in schemas/streams/ follows, as one reusable check.
 *
 * Airbyte's side (PROTOCOL.md §4, DI-2/DI-4/DI-6): valid draft-07, top-level `properties`, no
 * `$ref`/`allOf`/`not`, every `additionalProperties` true, only the supported types and formats,
 * primary-key fields present and not object/array. Ours on top: no other composition keywords
 * and no custom keywords, `additionalProperties: true` written out on every object, exactly one
 * non-null type per field, nullable everywhere except primary-key fields, `date-time` as the only
 * format, and a single `items` schema per array.
 */
import { createAjv } from '../../src/config.js';

type Json = Record<string, unknown>;

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
export const ALLOWED_FORMATS: ReadonlySet<string> = new Set(['date-time']);

/** Keywords a stream schema must not use anywhere. */
const FORBIDDEN = new Set([
  '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'patternProperties', 'definitions', '$defs',
  'dependencies', 'dependentSchemas', 'dependentRequired', 'prefixItems', 'additionalItems',
]);

/** Draft-07 keywords (minus the forbidden ones) plus Airbyte's own `airbyte_type`; anything else is a custom keyword. */
const KNOWN = new Set([
  '$schema', '$id', '$comment', 'title', 'description', 'default', 'readOnly', 'writeOnly', 'examples',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'items', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties', 'required',
  'properties', 'additionalProperties', 'propertyNames', 'const', 'enum', 'type', 'format', 'contentMediaType',
  'contentEncoding', 'airbyte_type',
]);

export interface SchemaRuleOptions {
  /** The stream's source_defined_primary_key: each path must resolve, be non-null and scalar. */
  primaryKey?: readonly (readonly string[])[];
  /** The stream's default_cursor_field: must resolve to a non-object, non-array property. */
  cursorField?: readonly string[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The non-null type of a node and whether it admits null; undefined when `type` is malformed. */
export function typeOf(node: Json): { type: string; nullable: boolean } | undefined {
  const t = node['type'];
  if (typeof t === 'string') return { type: t, nullable: false };
  if (Array.isArray(t) && t.length === 2 && t[0] === 'null' && typeof t[1] === 'string') return { type: t[1], nullable: true };
  return undefined;
}

/** Follows a field path through nested `properties`. */
function resolve(schema: Json, fieldPath: readonly string[]): Json | undefined {
  let node: unknown = schema;
  for (const part of fieldPath) {
    const props: unknown = isObject(node) ? node['properties'] : undefined;
    node = isObject(props) ? props[part] : undefined;
  }
  return isObject(node) ? node : undefined;
}

/** Every way `schema` breaks the stream-schema rules, one message each; [] when it follows them all. */
export function schemaViolations(schema: unknown, options: SchemaRuleOptions = {}): string[] {
  const out: string[] = [];
  if (!isObject(schema)) return ['the schema is not a JSON object'];

  // Root
  if (schema['$schema'] !== DRAFT_07) out.push(`$schema must be "${DRAFT_07}"`);
  if (schema['type'] !== 'object') out.push('the root type must be "object" (not nullable)');
  if (!isObject(schema['properties'])) out.push('the root must declare properties');
  for (const key of ['title', 'description'] as const) {
    const v = schema[key];
    if (typeof v !== 'string' || v.trim() === '') out.push(`the root needs a non-empty ${key}`);
    else if (/[\r\n]/.test(v)) out.push(`the root ${key} must be one line`);
  }

  // Every node
  const visit = (node: unknown, where: string, isRoot: boolean, topLevelField: boolean): void => {
    if (!isObject(node)) {
      out.push(`${where}: a schema must be an object`);
      return;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN.has(key)) out.push(`${where}: "${key}" is not allowed`);
      else if (!KNOWN.has(key)) out.push(`${where}: custom keyword "${key}"`);
    }
    if (!isRoot && '$schema' in node) out.push(`${where}: $schema belongs on the root only`);
    if ('title' in node && typeof node['title'] !== 'string') out.push(`${where}: title must be a string`);
    if ('description' in node && typeof node['description'] !== 'string') out.push(`${where}: description must be a string`);

    const t = typeOf(node);
    if (t === undefined) {
      out.push(`${where}: type must be one type T or ["null", T], got ${JSON.stringify(node['type'])}`);
    } else {
      if (!ALLOWED_TYPES.has(t.type)) out.push(`${where}: unsupported type "${t.type}"`);
      if (topLevelField && !t.nullable && !isRoot) {
        // Checked against the primary key below; without one, a non-null field is an error.
        if (options.primaryKey === undefined) out.push(`${where}: must be nullable (["null", "${t.type}"]) unless it is a primary-key field`);
      }
    }

    if ('format' in node) {
      if (!ALLOWED_FORMATS.has(String(node['format']))) out.push(`${where}: format "${String(node['format'])}" is not allowed (only date-time)`);
      if (t !== undefined && t.type !== 'string') out.push(`${where}: format applies to strings only`);
    }

    if ('additionalProperties' in node && node['additionalProperties'] !== true) out.push(`${where}: additionalProperties must be true`);
    const isObjectType = t?.type === 'object';
    if (isObjectType && !('additionalProperties' in node)) out.push(`${where}: an object must say additionalProperties: true`);
    if (!isObjectType && 'properties' in node) out.push(`${where}: properties on a non-object`);
    if ('properties' in node) {
      const props = node['properties'];
      if (!isObject(props)) {
        out.push(`${where}: properties must be an object`);
      } else {
        if (!isRoot && Object.keys(props).length === 0) out.push(`${where}: empty properties; leave properties out for a free-form object`);
        for (const [name, sub] of Object.entries(props)) {
          visit(sub, isRoot ? name : `${where}.${name}`, false, isRoot);
        }
      }
    }

    const isArrayType = t?.type === 'array';
    if (isArrayType) {
      if (!isObject(node['items'])) out.push(`${where}: an array needs one items schema`);
      else visit(node['items'], `${where}[]`, false, false);
    } else if ('items' in node) {
      out.push(`${where}: items on a non-array`);
    }
  };
  visit(schema, '(root)', true, false);

  // Keys
  const pkFields = new Set<string>();
  for (const keyPath of options.primaryKey ?? []) {
    const label = keyPath.join('.');
    if (keyPath.length === 1) pkFields.add(keyPath[0] as string);
    const node = resolve(schema, keyPath);
    if (node === undefined) {
      out.push(`primary key ${label} is not declared`);
      continue;
    }
    const t = typeOf(node);
    if (t === undefined) continue;
    if (t.nullable) out.push(`primary key ${label} must not be nullable`);
    if (t.type === 'object' || t.type === 'array') out.push(`primary key ${label} must not be an ${t.type}`);
  }
  if (options.primaryKey !== undefined && isObject(schema['properties'])) {
    for (const [name, sub] of Object.entries(schema['properties'])) {
      const t = isObject(sub) ? typeOf(sub) : undefined;
      if (t !== undefined && !t.nullable && !pkFields.has(name)) out.push(`${name}: must be nullable (["null", "${t.type}"]); only primary-key fields are not`);
    }
  }
  if (options.cursorField !== undefined) {
    const label = options.cursorField.join('.');
    const node = resolve(schema, options.cursorField);
    if (node === undefined) out.push(`cursor field ${label} is not declared`);
    else {
      const t = typeOf(node);
      if (t !== undefined && (t.type === 'object' || t.type === 'array')) out.push(`cursor field ${label} must not be an ${t.type}`);
    }
  }

  // Draft-07 validity, as ajv sees it (against the draft-07 metaschema whatever $schema says)
  const ajv = createAjv();
  const { $schema: _declared, ...body } = schema;
  const metaschema = ajv.getSchema('http://json-schema.org/draft-07/schema');
  if (metaschema === undefined) out.push('ajv has no draft-07 metaschema');
  else if (!metaschema(body)) out.push(`not a valid draft-07 schema: ${ajv.errorsText(metaschema.errors)}`);
  else {
    try {
      ajv.compile(body);
    } catch (error) {
      out.push(`ajv cannot compile it: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}
