/**
 * The fewest requests of the people streams per route the connector's spec offers, from the fake's
 * data (minimum.ts's rules): the per-person route reads each person's own lists; a bulk route
 * derives customer_messages and customer_activities from the /v1/messages and /v1/activities
 * read and checks only a sample of people on their own lists.
 */
import type { Dataset } from '../../fake-api/index.js';
import { ENDPOINTS, minimumRequests, type SyncShape } from './minimum.js';
import { SELF_CHECK_SAMPLE } from './projection.js';

/** The people streams and the workspace lists a bulk route derives two of them from. */
export const PEOPLE_STREAMS = [
  'customers', 'customer_attributes', 'customer_messages', 'customer_activities', 'customer_relationships', 'messages', 'activities',
] as const;

/** The spec value that reads every person's own lists; every other value is a bulk route. */
export const PER_PERSON = 'per_person';

/** The endpoints a bulk route reads for a sample of people only. */
export const SAMPLED = ['GET /v1/customers/{id}/messages', 'GET /v1/customers/{id}/activities'] as const;

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
export function peopleMinimum(d: Dataset, shape: Omit<SyncShape, 'streams'>, route: string): Map<string, number> {
  const full = minimumRequests(d, { ...shape, streams: PEOPLE_STREAMS });
  if (route === PER_PERSON) return full;
  // Which people the connector samples is its choice; the first ones by cio_id stand for any (each list costs a request a window at least).
  const sample: Dataset = { ...d, people: d.people.slice(0, SELF_CHECK_SAMPLE) };
  for (const key of SAMPLED) {
    const endpoint = ENDPOINTS.get(key);
    if (endpoint) full.set(key, endpoint.count(sample, { ...shape, streams: PEOPLE_STREAMS }));
  }
  return full;
}
