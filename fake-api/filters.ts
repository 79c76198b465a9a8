// The search filter language of POST /v1/customers (API.md §2.19) and POST /v1/objects (§2.32):
// each node has exactly one of and/or/not plus a leaf kind. Compiled once per request into a predicate.
import { badRequest } from './errors.js';
import type { Dataset, ObjectRecord, Person } from './types.js';

type Predicate<T> = (item: T) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface LeafCompiler<T> {
  /** The leaf keys this language accepts besides and/or/not. */
  leaves: readonly string[];
  compileLeaf(kind: string, spec: Record<string, unknown>): Predicate<T>;
}

function compileNode<T>(node: unknown, leafs: LeafCompiler<T>, where: string): Predicate<T> {
  if (!isRecord(node)) throw badRequest(`${where} must be an object.`);
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    throw badRequest(`${where} must have exactly one of and, or, not, ${leafs.leaves.join(', ')}.`);
  }
  const kind = keys[0] as string;
  const value = node[kind];
  if (kind === 'and' || kind === 'or') {
    if (!Array.isArray(value) || value.length === 0) throw badRequest(`${where}.${kind} must be a non-empty array.`);
    const parts = value.map((child, i) => compileNode(child, leafs, `${where}.${kind}[${i}]`));
    return kind === 'and' ? (item) => parts.every((p) => p(item)) : (item) => parts.some((p) => p(item));
  }
  if (kind === 'not') {
    const inner = compileNode(value, leafs, `${where}.not`);
    return (item) => !inner(item);
  }
  if (!leafs.leaves.includes(kind)) throw badRequest(`${where} has an unknown filter kind "${kind}".`);
  if (!isRecord(value)) throw badRequest(`${where}.${kind} must be an object.`);
  return leafs.compileLeaf(kind, value);
}

/** eq|exists against a field read by `read`; values compare as strings, like stored attributes. */
function compileComparison<T>(
  spec: Record<string, unknown>,
  where: string,
  read: (item: T, field: string) => string | null | undefined,
): Predicate<T> {
  const field = spec['field'];
  const operator = spec['operator'];
  if (typeof field !== 'string' || field === '') throw badRequest(`${where}.field is required.`);
  if (operator === 'exists') return (item) => read(item, field) != null;
  if (operator === 'eq') {
    const value = spec['value'];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw badRequest(`${where}.value is required for the eq operator.`);
    }
    const wanted = String(value);
    return (item) => read(item, field) === wanted;
  }
  throw badRequest(`${where}.operator must be eq or exists.`);
}

function personField(person: Person, field: string): string | null | undefined {
  if (field === 'id' || field === 'email' || field === 'cio_id') return person.identifiers[field];
  return person.attributes[field];
}

export function compilePeopleFilter(filter: unknown, dataset: Dataset): Predicate<Person> {
  return compileNode<Person>(filter, {
    leaves: ['segment', 'attribute'],
    compileLeaf(kind, spec) {
      if (kind === 'segment') {
        const id = spec['id'];
        if (typeof id !== 'number' && typeof id !== 'string') throw badRequest('filter.segment.id is required.');
        const members = new Set(dataset.segmentMembers.filter((m) => m.segment_id === Number(id)).map((m) => m.cio_id));
        return (person) => members.has(person.identifiers.cio_id);
      }
      return compileComparison(spec, 'filter.attribute', personField);
    },
  }, 'filter');
}

function objectField(object: ObjectRecord, field: string): string | null | undefined {
  if (field === 'object_id' || field === 'cio_object_id') return object[field];
  return object.attributes[field];
}

export function compileObjectFilter(filter: unknown, objectTypeId: string): Predicate<ObjectRecord> {
  return compileNode<ObjectRecord>(filter, {
    leaves: ['object_attribute'],
    compileLeaf(_kind, spec) {
      const typeId = spec['type_id'];
      if (typeId !== undefined && String(typeId) !== objectTypeId) {
        throw badRequest('filter.object_attribute.type_id must equal object_type_id.');
      }
      return compileComparison(spec, 'filter.object_attribute', objectField);
    },
  }, 'filter');
}
