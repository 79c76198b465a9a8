/*
 * How an item of an API answer becomes a record: one function per stream, built once per sync
 * from its schema and Shape, that in a single pass over the parsed item brings each field to its
 * declared type (Customer.io sends the same field as a number in one answer and as text in the
 * next: API.md §1.5, §2.2, §2.16, §2.24, §5.6), strips credentials from URLs, and leaves out the
 * fields the schema does not declare (PROTOCOL.md BR-5). A field left out is named, never its
 * value, once per stream, so a schema can be extended when a field turns out to matter. Objects
 * the schema leaves free-form (no `properties`) keep every key.
 */
import type { ResolvedConfig } from '../config.js';
import { isObject, type JsonObject } from '../json.js';
import { stripUserinfo } from '../userinfo.js';
import type { Shape, StreamDefinition } from './types.js';

export type SchemaOf = (stream: string) => JsonObject;

/** The record of one item (with the fields a parent or partition adds), or undefined when the item is not an object. */
export type RecordBuilder = (item: unknown, extra?: JsonObject) => JsonObject | undefined;

/** Brings one value to what its schema and shape say; adds the paths of keys left out to `dropped`. */
type Transform = (value: unknown, dropped: Set<string>, path: string) => unknown;

const INTEGER_TEXT = /^-?\d+$/;

/** A numeric string as a number; anything else as it is (a wrong type stays visible). */
export function asInteger(value: unknown): unknown {
  if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** A number as a string; anything else as it is. */
export function asText(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** A URL string without its user:password@; anything else as it is. */
export function withoutUserinfo(value: unknown): unknown {
  return typeof value === 'string' ? stripUserinfo(value) : value;
}

const asIs: Transform = (value) => value;
const scalar = (fn: (v: unknown) => unknown): Transform => (value) => fn(value);

const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Whether anything below this schema declares properties (else its values are kept as they are). */
function projects(schema: unknown): boolean {
  return isObject(schema) && (isObject(schema['properties']) || projects(schema['items']));
}

/**
 * The transform of a value of `schema`. The Shape's op for the field comes first (a scalar cannot
 * be both an integer to convert and an object to project). A Shape reaches one level into arrays
 * (`nested` shapes the objects of an array, `integerList` converts its elements); the schema's
 * `items` reach as deep as it declares.
 */
function valueTransform(schema: unknown, op: Transform, nested: Shape | undefined, integerList: boolean, inArray = false): Transform {
  if (op !== asIs) return op;
  const sub = isObject(schema) ? schema : {};
  const object = isObject(sub['properties']) || nested !== undefined ? objectTransform(sub, nested) : undefined;
  const items = sub['items'];
  const shapesElements = !inArray && (nested !== undefined || integerList);
  const element = integerList && !inArray
    ? scalar(asInteger)
    : projects(items) || shapesElements ? valueTransform(items, asIs, inArray ? undefined : nested, false, true) : undefined;
  if (object === undefined && element === undefined) return asIs;
  return (value, dropped, path) => {
    if (Array.isArray(value)) return element === undefined ? value : value.map((v) => element(v, dropped, `${path}[]`));
    return object !== undefined && isObject(value) ? object(value, dropped, path) : value;
  };
}

function opOf(shape: Shape | undefined, key: string): Transform {
  if (shape?.integers?.includes(key)) return scalar(asInteger);
  if (shape?.strings?.includes(key)) return scalar(asText);
  if (shape?.urls?.includes(key)) return scalar(withoutUserinfo);
  return asIs;
}

/** The transform of an object of `schema` shaped by `shape`: declared keys transformed, the rest left out (unless the schema is free-form). */
function objectTransform(schema: JsonObject, shape: Shape | undefined): Transform {
  const properties = isObject(schema['properties']) ? schema['properties'] : undefined;
  const names = properties !== undefined
    ? Object.keys(properties)
    : [...(shape?.integers ?? []), ...(shape?.strings ?? []), ...(shape?.urls ?? []), ...(shape?.integerLists ?? []), ...Object.keys(shape?.nested ?? {})];
  const fields = new Map<string, Transform>();
  for (const name of names) {
    const t = valueTransform(properties?.[name], opOf(shape, name), shape?.nested?.[name], shape?.integerLists?.includes(name) ?? false);
    fields.set(name, t);
  }
  const open = properties === undefined;
  // The object is copied only from its first change on: a record the API sent in its declared
  // form is kept as parsed, which spares the collector an object per record.
  return (value, dropped, path) => {
    const item = value as JsonObject;
    let out: JsonObject | undefined;
    for (const key in item) {
      const t = fields.get(key);
      if (t === undefined && !open) {
        dropped.add(childPath(path, key));
        out ??= copyBefore(item, key);
        continue;
      }
      const was = item[key];
      const now = t === undefined || t === asIs ? was : t(was, dropped, childPath(path, key));
      if (out !== undefined) out[key] = now;
      else if (now !== was) {
        out = copyBefore(item, key);
        out[key] = now;
      }
    }
    return out ?? item;
  };
}

/** The keys of `item` before `key`, in order: all kept unchanged, as no change came before it. */
function copyBefore(item: JsonObject, key: string): JsonObject {
  const out: JsonObject = {};
  for (const k in item) {
    if (k === key) break;
    out[k] = item[k];
  }
  return out;
}

/** The record function of `def`, from its schema: toRecord (or the item), configRecord, then one pass of shape and projection. */
export function recordBuilder(def: StreamDefinition, schema: JsonObject, config: ResolvedConfig, dropped: Set<string>): RecordBuilder {
  const transform = objectTransform(schema, def.shape);
  const toRecord = def.toRecord;
  const configRecord = def.read === 'batch' ? def.configRecord : undefined;
  return (item, extra) => {
    let record = toRecord !== undefined ? toRecord(item) : isObject(item) ? item : undefined;
    if (record === undefined) return undefined;
    if (extra !== undefined) record = { ...record, ...extra };
    if (configRecord !== undefined) record = configRecord(record, config);
    return transform(record, dropped, '') as JsonObject;
  };
}

/** The records of a page's items; items that are not objects make none. */
export function recordsOf(build: RecordBuilder, items: readonly unknown[], extra?: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of items) {
    const record = build(item, extra);
    if (record !== undefined) out.push(record);
  }
  return out;
}

/** Names listed in one log line; the rest are counted. */
const MAX_NAMED = 10;

/**
 * The record functions of one sync, one per stream, built on first use; and the fields each
 * stream left out that no log line has named yet.
 */
export class RecordBuilders {
  private readonly built = new Map<string, RecordBuilder>();
  private readonly dropped = new Map<string, Set<string>>();
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly schemaOf: SchemaOf, private readonly config: ResolvedConfig) {}

  of(def: StreamDefinition): RecordBuilder {
    let build = this.built.get(def.name);
    if (build === undefined) {
      const dropped = new Set<string>();
      this.dropped.set(def.name, dropped);
      build = recordBuilder(def, this.schemaOf(def.name), this.config, dropped);
      this.built.set(def.name, build);
    }
    return build;
  }

  /** A log line naming the fields `stream` left out since the last call that no line named before; undefined when there are none. */
  undeclaredNote(stream: string): string | undefined {
    const dropped = this.dropped.get(stream);
    if (dropped === undefined || dropped.size === 0) return undefined;
    const seen = this.reported.get(stream) ?? new Set<string>();
    this.reported.set(stream, seen);
    const fresh = [...dropped].filter((p) => !seen.has(p));
    dropped.clear();
    if (fresh.length === 0) return undefined;
    for (const p of fresh) seen.add(p);
    const named = fresh.slice(0, MAX_NAMED).join(', ');
    const more = fresh.length > MAX_NAMED ? ` and ${fresh.length - MAX_NAMED} more` : '';
    return `${stream}: the API sent fields the stream schema does not declare; they are left out: ${named}${more}.`;
  }
}

/** Reads each stream schema once. */
export function cachedSchemas(load: SchemaOf): SchemaOf {
  const cache = new Map<string, JsonObject>();
  return (stream) => {
    let schema = cache.get(stream);
    if (schema === undefined) {
      schema = load(stream);
      cache.set(stream, schema);
    }
    return schema;
  };
}
