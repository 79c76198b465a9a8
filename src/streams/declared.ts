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

/**
 * `value` without the keys `schema` does not declare, wherever it declares `properties`; the path
 * of each key left out is added to `dropped` ("a.b", "list[].c").
 */
export function keepDeclared(schema: unknown, value: unknown, dropped: Set<string>, path = ''): unknown {
  if (!isObject(schema)) return value;
  if (Array.isArray(value)) return value.map((v) => keepDeclared(schema['items'], v, dropped, `${path}[]`));
  const properties = schema['properties'];
  if (!isObject(value) || !isObject(properties)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const where = path === '' ? key : `${path}.${key}`;
    if (key in properties) out[key] = keepDeclared(properties[key], v, dropped, where);
    else dropped.add(where);
  }
  return out;
}

/** The events of a read with every record reduced to its declared fields, and a log line for each newly seen undeclared field. */
export async function* declaredOnly(events: AsyncIterable<ReadEvent>, schemaOf: SchemaOf): AsyncGenerator<ReadEvent> {
  const reported = new Map<string, Set<string>>();
  for await (const event of events) {
    if (event.type !== 'record') {
      yield event;
      continue;
    }
    const dropped = new Set<string>();
    const data = keepDeclared(schemaOf(event.stream), event.data, dropped) as JsonObject;
    if (dropped.size > 0) {
      const seen = reported.get(event.stream) ?? new Set<string>();
      reported.set(event.stream, seen);
      const fresh = [...dropped].filter((p) => !seen.has(p));
      for (const p of fresh) seen.add(p);
      if (fresh.length > 0) yield { type: 'log', level: 'INFO', message: undeclaredMessage(event.stream, fresh) };
    }
    yield { ...event, data };
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
