/**
 * The fewest requests of the people streams per route the connector's spec offers, from the fake's
 * data (minimum.ts's rules): the per-person route reads each person's own lists; the bulk route
 * derives customer_messages from the /v1/messages read and customer_activities from the
 * /v1/activities read, checks only a sample of people on their own lists, and reads
 * customer_relationships through the objects when that is cheaper.
 */
import type { Dataset } from '../../fake-api/index.js';
import { minimumRequests, type SyncShape } from './minimum.js';
import { OBJECT_SIDE } from './relationships-minimum.js';

/** The people streams and the workspace lists a bulk route derives two of them from. */
export const PEOPLE_STREAMS = [
  'customers', 'customer_attributes', 'customer_messages', 'customer_activities', 'customer_relationships', 'messages', 'activities',
] as const;

/** The spec value that reads every person's own lists; every other value is a bulk route. */
export const PER_PERSON = 'per_person';

/** The endpoints a bulk route reads for a sample of people only. */
export const SAMPLED = ['GET /v1/customers/{id}/messages', 'GET /v1/customers/{id}/activities'] as const;

/** On the objects route, customer_relationships asks only the people the objects name (and the sample), after these endpoints. */
export const THROUGH_OBJECTS = { fewer: 'GET /v1/customers/{id}/relationships', reads: ['GET /v1/object_types', 'POST /v1/objects', OBJECT_SIDE] } as const;

interface SpecShape { connectionSpecification?: { properties?: Record<string, { enum?: unknown[] }> } }

/**
 * The values of `people_streams_route` in the connector's spec, or undefined when the spec has no
 * such option yet (then only the per-person route exists, and the config must not name it).
 */
export function routesOffered(spec: unknown): string[] | undefined {
  const values = (spec as SpecShape).connectionSpecification?.properties?.['people_streams_route']?.enum;
  if (!Array.isArray(values)) return undefined;
  return values.filter((v): v is string => typeof v === 'string');
}

/** Per endpoint template, the fewest requests of the people streams on `route`. */
export function peopleMinimum(d: Dataset, shape: Omit<SyncShape, 'streams' | 'route'>, route: string): Map<string, number> {
  // minimum.ts's rules know the routes: the bulk one reads the first people of the search (by cio_id) as its sample.
  return minimumRequests(d, { ...shape, streams: PEOPLE_STREAMS, route: route === PER_PERSON ? 'per_person' : 'auto' });
}
