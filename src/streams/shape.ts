/*
 * How an item of an API answer becomes a record of its declared types. Customer.io serialises the
 * same field differently from one answer to the next (API.md §1.5, §2.2, §2.16, §2.24, §5.6):
 * integer ids arrive as numeric strings, string ids as numbers. A Shape names, per stream, the
 * fields to bring back to the type the schema declares and the URL fields to strip of
 * credentials. Shapes are data in the stream table; reshape() applies them.
 */
import type { JsonObject } from '../protocol/messages.js';
import type { Shape, StreamDefinition } from './types.js';
import { isObject } from './types.js';
import { stripUserinfo } from '../userinfo.js';

export type { Shape };

const INTEGER_TEXT = /^-?\d+$/;

/** A numeric string as a number; anything else as it is (a wrong type stays visible). */
export function asInteger(value: unknown): unknown {
  if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** A URL string without its user:password@; anything else as it is. */
export function withoutUserinfo(value: unknown): unknown {
  return typeof value === 'string' ? stripUserinfo(value) : value;
}

/** A number as a string; anything else as it is. */
export function asText(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

function withShape(shape: Shape, item: JsonObject): JsonObject {
  const out: JsonObject = { ...item };
  const each = (keys: readonly string[] | undefined, fn: (v: unknown) => unknown) => {
    for (const key of keys ?? []) if (key in out) out[key] = fn(out[key]);
  };
  each(shape.integers, asInteger);
  each(shape.strings, asText);
  each(shape.integerLists, (v) => (Array.isArray(v) ? v.map(asInteger) : v));
  each(shape.urls, withoutUserinfo);
  for (const [key, inner] of Object.entries(shape.nested ?? {})) {
    each([key], (v) => {
      if (Array.isArray(v)) return v.map((e) => (isObject(e) ? withShape(inner, e) : e));
      return isObject(v) ? withShape(inner, v) : v;
    });
  }
  return out;
}

/** A toRecord function for the stream table: the item with `shape` applied. */
export function reshape(shape: Shape): (item: unknown) => JsonObject {
  return (item) => (isObject(item) ? withShape(shape, item) : {});
}

/** The record a stream makes of one item of its envelope: its toRecord, else the item (with its shape) when it is an object. */
export function recordOf(def: StreamDefinition, item: unknown): JsonObject | undefined {
  if (def.toRecord) return def.toRecord(item);
  if (def.shape) return isObject(item) ? withShape(def.shape, item) : {};
  return isObject(item) ? item : undefined;
}
