/*
 * What the page encoder does to each field of a record, worked out once per stream from its
 * schema (which fields it declares, BR-5) and its Shape (which values change type or lose URL
 * credentials). It is the byte-level twin of reshape() followed by keepDeclared(): the same
 * rules, applied to the answer's bytes instead of to parsed objects.
 */
import type { Shape } from '../shape.js';
import { isObject } from '../types.js';

/** The one change a Shape makes to a scalar: none, numeric string to number, number to string, URL without credentials. */
export type ScalarOp = 'copy' | 'integer' | 'text' | 'url';

export interface ValuePlan {
  op: ScalarOp;
  /** How an object value is written; undefined: as the API sent it. */
  object: ObjectPlan | undefined;
  /** How each element of an array value is written; undefined: the array as the API sent it. */
  elements: ValuePlan | undefined;
}

export interface FieldPlan extends ValuePlan {
  name: string;
  /** The field's name as bytes, to recognise it without decoding. */
  nameBytes: Buffer;
  /** `"name":`, written before the value. */
  keyBytes: Buffer;
  /** textHash(name). */
  hash: number;
}

export interface ObjectPlan {
  /** Fields by textHash of their name, which the encoder computes the same way over the name's bytes. */
  fields: Map<number, FieldPlan>;
  /** The schema declares no properties here: undeclared fields are kept as they are. */
  open: boolean;
  /** Where this object sits in the record ("" for the record, "a.b", "list[]"), to name fields left out. */
  path: string;
  /**
   * The fields in the order the last object of this plan had them (null for an undeclared one).
   * Answers of one endpoint keep their field order, so the name at each position is first
   * compared with this guess, and hashed only when it differs. A hint, never trusted unchecked.
   */
  order: Array<FieldPlan | null>;
}

/** A name's hash (h * 31 + each character code, in 32 bits); names are plain ASCII, so bytes and characters agree. */
export function textHash(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h = (Math.imul(h, 31) + name.charCodeAt(k)) | 0;
  return h;
}

/** A field's plan could not be told apart from another's by hash, or a name is not plain ASCII: no byte path for this stream. */
export class UnplannableError extends Error {}

/** The path of field `key` of the object at `path`, as the log names fields left out. */
export const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Whether keepDeclared changes anything below this schema (it declares properties somewhere). */
function projects(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  return isObject(schema['properties']) || projects(schema['items']);
}

function scalarOp(shape: Shape | undefined, key: string): ScalarOp {
  if (shape?.integers?.includes(key)) return 'integer';
  if (shape?.strings?.includes(key)) return 'text';
  if (shape?.urls?.includes(key)) return 'url';
  return 'copy';
}

/**
 * `inArray`: the value is an element of an array. A Shape reaches one level into arrays (a
 * nested shape applies to objects in an array, integerLists to its elements); a schema's
 * `items` reach as deep as it declares.
 */
function valuePlan(schema: unknown, op: ScalarOp, nested: Shape | undefined, integerList: boolean, path: string, inArray = false): ValuePlan {
  const sub = isObject(schema) ? schema : {};
  const object = isObject(sub['properties']) || nested !== undefined ? objectPlan(sub, nested, path) : undefined;
  const items = sub['items'];
  const shapesElements = !inArray && (nested !== undefined || integerList);
  const elements = projects(items) || shapesElements
    ? valuePlan(items ?? {}, integerList && !inArray ? 'integer' : 'copy', inArray ? undefined : nested, false, `${path}[]`, true)
    : undefined;
  return { op, object, elements };
}

/** The plan of an object of `schema` (what it declares) reshaped by `shape`. */
export function objectPlan(schema: unknown, shape: Shape | undefined, path = ''): ObjectPlan {
  const properties = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : undefined;
  const names = properties !== undefined
    ? Object.keys(properties)
    : [...new Set([...(shape?.integers ?? []), ...(shape?.strings ?? []), ...(shape?.urls ?? []), ...(shape?.integerLists ?? []), ...Object.keys(shape?.nested ?? {})])];
  const fields = new Map<number, FieldPlan>();
  for (const name of names) {
    // Names are compared byte for byte, escapes never decoded: only plain ASCII names can be planned.
    if (!/^[\x20-\x7e]*$/.test(name) || name.includes('"') || name.includes('\\')) throw new UnplannableError(`field name ${JSON.stringify(name)}`);
    const hash = textHash(name);
    if (fields.has(hash)) throw new UnplannableError(`fields ${JSON.stringify(name)} and ${JSON.stringify(fields.get(hash)?.name)} share a hash`);
    const plan = valuePlan(properties?.[name], scalarOp(shape, name), shape?.nested?.[name], shape?.integerLists?.includes(name) ?? false, childPath(path, name));
    fields.set(hash, { ...plan, name, hash, nameBytes: Buffer.from(name, 'latin1'), keyBytes: Buffer.from(`${JSON.stringify(name)}:`, 'latin1') });
  }
  return { fields, open: properties === undefined, path, order: [] };
}
