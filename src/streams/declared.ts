/*
 * Records carry only the fields their stream's schema declares (PROTOCOL.md BR-5). Customer.io
 * adds fields without notice; a destination that types by the schema would reject such a record
 * or lose the field silently. Here the field is left out openly: its name (never its value) is
 * logged once per stream, so a schema can be extended when a field turns out to matter.
 * Objects the schema leaves free-form (no `properties`) keep every key.
 */
import type { JsonObject } from '../protocol/messages.js';
import type { ReadEvent } from './types.js';
import { isObject } from './types.js';

export type SchemaOf = (stream: string) => JsonObject;

/** Names listed in one log line; the rest are counted. */
const MAX_NAMED = 10;

/** Reduces a value to what its schema declares, adding the paths of keys left out to `dropped`. */
type Projector = (value: unknown, dropped: Set<string>, path: string) => unknown;

const projectors = new WeakMap<object, Projector>();
const asIs: Projector = (value) => value;

/**
 * The projector of a schema, built once per schema object: records of a stream share their
 * schema, so the walk over `properties` is paid once, not once per record.
 */
function projectorOf(schema: unknown): Projector {
  if (!isObject(schema)) return asIs;
  const known = projectors.get(schema);
  if (known) return known;
  const properties = schema['properties'];
  // Placeholder while the schema's own projector is built (a schema may refer to itself).
  projectors.set(schema, asIs);
  const items = schema['items'] === undefined ? asIs : projectorOf(schema['items']);
  const inner = isObject(properties) ? new Map(Object.entries(properties).map(([k, v]) => [k, projectorOf(v)])) : undefined;
  const project: Projector = inner === undefined && items === asIs ? asIs : (value, dropped, path) => {
    if (Array.isArray(value)) return items === asIs ? value : value.map((v) => items(v, dropped, `${path}[]`));
    if (inner === undefined || !isObject(value)) return value;
    const out: JsonObject = {};
    for (const key in value) {
      const sub = inner.get(key);
      if (sub === asIs) out[key] = value[key];
      else if (sub === undefined) dropped.add(path === '' ? key : `${path}.${key}`);
      else out[key] = sub(value[key], dropped, path === '' ? key : `${path}.${key}`);
    }
    return out;
  };
  projectors.set(schema, project);
  return project;
}

/**
 * `value` without the keys `schema` does not declare, wherever it declares `properties`; the path
 * of each key left out is added to `dropped` ("a.b", "list[].c").
 */
export function keepDeclared(schema: unknown, value: unknown, dropped: Set<string>, path = ''): unknown {
  return projectorOf(schema)(value, dropped, path);
}

/** The events of a read with every record reduced to its declared fields, and a log line for each newly seen undeclared field. */
export async function* declaredOnly(events: AsyncIterable<ReadEvent>, schemaOf: SchemaOf): AsyncGenerator<ReadEvent> {
  const reported = new Map<string, Set<string>>();
  for await (const event of events) {
    if (event.type !== 'records' && event.type !== 'encoded') {
      yield event;
      continue;
    }
    const dropped = new Set<string>();
    let reduced: ReadEvent;
    if (event.type === 'encoded') {
      // Encoded from bytes by the same rules (streams/encode): only its notes of fields left out are read here.
      for (const path of event.data.dropped) dropped.add(path);
      reduced = event;
    } else {
      const project = projectorOf(schemaOf(event.stream));
      reduced = { ...event, data: event.data.map((d) => project(d, dropped, '') as JsonObject) };
    }
    if (dropped.size > 0) {
      const seen = reported.get(event.stream) ?? new Set<string>();
      reported.set(event.stream, seen);
      const fresh = [...dropped].filter((p) => !seen.has(p));
      for (const p of fresh) seen.add(p);
      if (fresh.length > 0) yield { type: 'log', level: 'INFO', message: undeclaredMessage(event.stream, fresh) };
    }
    yield reduced;
  }
}

function undeclaredMessage(stream: string, paths: string[]): string {
  const named = paths.slice(0, MAX_NAMED).join(', ');
  const more = paths.length > MAX_NAMED ? ` and ${paths.length - MAX_NAMED} more` : '';
  return `${stream}: the API sent fields the stream schema does not declare; they are left out: ${named}${more}.`;
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
