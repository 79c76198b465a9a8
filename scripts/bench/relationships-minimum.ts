/**
 * The fewest requests of customer_relationships, from the fake's data: per person, a page per 1000
 * relationships of each person of the search; through the objects (people_streams_route `auto`),
 * the object list unless the sync reads it anyway, a page per 1000 people related to each object,
 * then the per-person pages of the people the objects name and of the self-check sample. `auto`
 * takes the cheaper of the two, as the connector's choice means to.
 */
import type { Dataset } from '../../fake-api/index.js';
import { SELF_CHECK_SAMPLE } from '../../src/streams/bulk/people.js';

/** The people related to one object (BULK-ROUTES.md §3.2). */
export const OBJECT_SIDE = 'GET /v1/objects/{type}/{id}/relationships';

/** Both sides page by 1000 (undocumented; the fake's maximum, which the connector asks for). */
const PER_PAGE = 1000;

const pages = (n: number): number => Math.max(1, Math.ceil(n / PER_PAGE));

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/** The route the minimum takes and its requests on the per-person endpoint and on the object side. */
export interface RelationshipsRoute { objects: boolean; perPerson: number; objectSide: number }

/**
 * customer_relationships' route: `route` as configured, `listing` the requests that listing the
 * objects adds to the objects route (none when the sync lists them anyway).
 */
export function relationshipsRoute(d: Dataset, route: 'auto' | 'per_person' | undefined, listing: number): RelationshipsRoute {
  const people = d.people.map((p) => p.identifiers.cio_id);
  const live = new Set(people);
  const relationships = d.relationships.filter((r) => live.has(r.cio_id));
  const own = countBy(relationships, (r) => r.cio_id);
  const perPersonOf = (ids: Iterable<string>) => [...ids].reduce((n, cio) => n + pages(own.get(cio) ?? 0), 0);
  const everyone = perPersonOf(people);
  if (route === 'per_person') return { objects: false, perPerson: everyone, objectSide: 0 };
  const byObject = countBy(relationships, (r) => r.cio_object_id);
  const objectSide = d.objects.reduce((n, o) => n + pages(byObject.get(o.cio_object_id) ?? 0), 0);
  const asked = perPersonOf(new Set([...own.keys(), ...people.slice(0, SELF_CHECK_SAMPLE)]));
  return listing + objectSide + asked < everyone ? { objects: true, perPerson: asked, objectSide } : { objects: false, perPerson: everyone, objectSide: 0 };
}
