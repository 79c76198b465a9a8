// People: search, attributes, relationships, segments and segment membership (API.md §2.18-2.25),
// and object search (§2.32).
import { badRequest, notFound } from '../errors.js';
import { compileObjectFilter, compilePeopleFilter } from '../filters.js';
import { parseIdType, personFrom, personKey, segmentFrom } from '../lookups.js';
import { byCioId, sortedView } from '../ordering.js';
import { pageAscendingByKey, pageByOffset } from '../paging.js';
import { pageLimit } from '../query.js';
import { present, presentAll } from '../present.js';
import { route, type Route } from '../router.js';
import type { Person, Relationship } from '../types.js';

const SEARCH_LIMIT = { default: 50, max: 1000 } as const;
const MEMBERSHIP_LIMIT = { default: 1000, max: 30000 } as const;
/** Undocumented for relationships and objects; assumed like the sibling listings (API.md §1.2). */
const RELATIONSHIP_LIMIT = { default: 100, max: 1000 } as const;
const OBJECT_LIMIT = { default: 100, max: 1000 } as const;
const MAX_ATTRIBUTE_IDS = 100;

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Identifiers as search and membership list them, plus the parallel `ids` array ("" when a person has no id). */
function identifierLists(people: readonly Person[]): { identifiers: { id: string | null; email: string | null; cio_id: string }[]; ids: string[] } {
  return {
    identifiers: people.map((p) => ({ id: p.identifiers.id, email: p.identifiers.email, cio_id: p.identifiers.cio_id })),
    ids: people.map((p) => p.identifiers.id ?? ''),
  };
}

function relationshipBody(r: Relationship): Record<string, unknown> {
  return {
    object_type_id: r.object_type_id,
    identifiers: { object_id: r.object_id, cio_object_id: r.cio_object_id },
    attributes: r.attributes,
    timestamps: r.timestamps,
  };
}

export const peopleRoutes: Route[] = [
  route('POST', '/v1/customers', ({ dataset, query, body }) => {
    const request = bodyObject(body);
    if (request['filter'] === undefined) throw badRequest('`filter` is required.');
    const matches = compilePeopleFilter(request['filter'], dataset);
    const { page, next } = pageAscendingByKey({
      items: sortedView(dataset.people, byCioId),
      keyOf: (p) => p.identifiers.cio_id,
      start: query['start'],
      limit: pageLimit(query, SEARCH_LIMIT),
      matches,
    });
    const { identifiers, ids } = identifierLists(page);
    return { identifiers: presentAll(dataset.seed, 'person_identifiers', identifiers.map(({ cio_id, email, id }) => ({ cio_id, email, id }))), ids, next };
  }),

  route('POST', '/v1/customers/attributes', ({ dataset, query, body }) => {
    const idType = parseIdType(query['id_type']);
    const ids = bodyObject(body)['ids'];
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ATTRIBUTE_IDS) {
      throw badRequest(`\`ids\` must be an array of 1 to ${MAX_ATTRIBUTE_IDS} identifiers.`);
    }
    const byKey = new Map<string, Person>();
    for (const person of dataset.people) {
      const key = personKey(person, idType);
      if (key !== null && !byKey.has(key)) byKey.set(key, person);
    }
    // Unknown ids are simply left out of the answer.
    const customers = ids.flatMap((value) => {
      const person = byKey.get(String(value));
      return person ? [{ customer: present(dataset.seed, 'customer', person) }] : [];
    });
    return { customers };
  }),

  route('GET', '/v1/customers/:customer_id/attributes', ({ dataset, params, query }) => ({
    customer: present(dataset.seed, 'customer', personFrom(dataset, params, query)),
  })),

  route('GET', '/v1/customers/:customer_id/relationships', ({ dataset, params, query }) => {
    const cioId = personFrom(dataset, params, query).identifiers.cio_id;
    const relationships = dataset.relationships.filter((r) => r.cio_id === cioId);
    const { page, next } = pageByOffset(relationships, query['start'], pageLimit(query, RELATIONSHIP_LIMIT));
    return { cio_relationships: presentAll(dataset.seed, 'relationship', page.map(relationshipBody)), next };
  }),

  route('GET', '/v1/customers/:customer_id/segments', ({ dataset, params, query }) => {
    const cioId = personFrom(dataset, params, query).identifiers.cio_id;
    const segmentIds = new Set(dataset.segmentMembers.filter((m) => m.cio_id === cioId).map((m) => m.segment_id));
    return {
      segments: dataset.segments.filter((s) => segmentIds.has(s.id)).map((s) => ({ id: s.id, name: s.name, description: s.description })),
    };
  }),

  route('GET', '/v1/segments/:segment_id/membership', ({ dataset, params, query }) => {
    const segment = segmentFrom(dataset, params);
    const members = new Set(dataset.segmentMembers.filter((m) => m.segment_id === segment.id).map((m) => m.cio_id));
    const { page, next } = pageAscendingByKey({
      items: sortedView(dataset.people, byCioId),
      keyOf: (p) => p.identifiers.cio_id,
      start: query['start'],
      limit: pageLimit(query, MEMBERSHIP_LIMIT),
      matches: (p) => members.has(p.identifiers.cio_id),
    });
    const { identifiers, ids } = identifierLists(page);
    return { identifiers: presentAll(dataset.seed, 'person_identifiers', identifiers), ids, next, segment_id: segment.id };
  }),

  route('POST', '/v1/objects', ({ dataset, query, body }) => {
    const request = bodyObject(body);
    const rawType = request['object_type_id'];
    if (typeof rawType !== 'string' && typeof rawType !== 'number') throw badRequest('`object_type_id` is required.');
    const objectTypeId = String(rawType);
    if (!dataset.objectTypes.some((t) => t.id === objectTypeId)) throw notFound('The object type does not exist.');
    if (request['filter'] === undefined) throw badRequest('`filter` is required.');
    const matches = compileObjectFilter(request['filter'], objectTypeId);
    const objects = dataset.objects.filter((o) => o.object_type_id === objectTypeId && matches(o));
    const { page, next } = pageByOffset(objects, query['start'], pageLimit(query, OBJECT_LIMIT));
    return {
      identifiers: presentAll(dataset.seed, 'object_identifiers', page.map((o) => ({ object_id: o.object_id, cio_object_id: o.cio_object_id }))),
      ids: page.map((o) => o.object_id),
      next,
    };
  }),
];
