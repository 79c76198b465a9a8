// The people related to one object (BULK-ROUTES.md §3.2, getObjectRelationships): the object side
// of the relationships data, without the relationship attributes or their timestamps, which this
// endpoint does not return.
import { badRequest, notFound } from '../errors.js';
import { pageByOffset } from '../paging.js';
import { pageLimit } from '../query.js';
import { presentAll } from '../present.js';
import { route, type Route } from '../router.js';
import type { Dataset, ObjectRecord } from '../types.js';

/** Undocumented, like the per-person side's; the same assumption (fake-api/README.md). */
const OBJECT_RELATIONSHIP_LIMIT = { default: 100, max: 1000 } as const;

type ObjectIdType = 'object_id' | 'cio_object_id';

function parseObjectIdType(raw: string | undefined): ObjectIdType {
  if (raw === undefined || raw === '' || raw === 'object_id') return 'object_id';
  if (raw === 'cio_object_id') return 'cio_object_id';
  throw badRequest('`id_type` must be one of object_id, cio_object_id.');
}

function objectFrom(dataset: Dataset, params: Record<string, string>, query: Record<string, string>): ObjectRecord {
  const typeId = params['object_type_id'] ?? '';
  if (!dataset.objectTypes.some((t) => t.id === typeId)) throw notFound('The object type does not exist.');
  const idType = parseObjectIdType(query['id_type']);
  const value = params['object_id'] ?? '';
  const found = dataset.objects.find((o) => o.object_type_id === typeId && o[idType] === value);
  if (!found) throw notFound('The object does not exist.');
  return found;
}

/** Tests only: people whose relationships the object side leaves out (an object side that loses some), per dataset. */
const hiddenFromObjectSide = new WeakMap<Dataset, ReadonlySet<string>>();

/** Tests only: GET /v1/objects/{type}/{id}/relationships leaves out these people from now on; their own lists keep every relationship. */
export function hideFromObjectSide(dataset: Dataset, cioIds: readonly string[]): void {
  hiddenFromObjectSide.set(dataset, new Set(cioIds));
}

export const objectRoutes: Route[] = [
  route('GET', '/v1/objects/:object_type_id/:object_id/relationships', ({ dataset, params, query }) => {
    const object = objectFrom(dataset, params, query);
    const disabled = dataset.objectTypes.find((t) => t.id === object.object_type_id)?.enabled === false;
    const hidden = hiddenFromObjectSide.get(dataset);
    const relatedIds = new Set(dataset.relationships.filter((r) => r.cio_object_id === object.cio_object_id && hidden?.has(r.cio_id) !== true).map((r) => r.cio_id));
    // People in cio_id order (the order they are stored in), so pages are stable between calls.
    const related = dataset.people.filter((p) => relatedIds.has(p.identifiers.cio_id));
    const { page, next } = pageByOffset(related, query['start'], pageLimit(query, OBJECT_RELATIONSHIP_LIMIT));
    const items = page.map((p) => ({
      identifiers: { cio_id: p.identifiers.cio_id, email: p.identifiers.email, id: p.identifiers.id },
      object_type_id: object.object_type_id,
      object_type_disabled: disabled,
    }));
    return { cio_relationships: presentAll(dataset.seed, 'object_relationship', items), next };
  }),
];
