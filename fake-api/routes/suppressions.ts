// ESP suppression lists (API.md §2.41): workspace-wide ones with numeric limit/offset paging (an
// empty page ends the list), and each sending domain's, paged by a `start` token.
import { SUPPRESSION_TYPES } from '../generate/suppressions.js';
import { badRequest } from '../errors.js';
import { pageByOffset } from '../paging.js';
import { optionalInt, pageLimit } from '../query.js';
import { presentAll } from '../present.js';
import { route, type Route } from '../router.js';
import type { Suppression, SuppressionType } from '../types.js';

const SUPPRESSION_LIMIT = { default: 100, max: 1000 } as const;

function suppressionType(params: Record<string, string>): SuppressionType {
  const type = SUPPRESSION_TYPES.find((t) => t === params['type']);
  if (!type) throw badRequest(`The suppression type must be one of ${SUPPRESSION_TYPES.join(', ')}.`);
  return type;
}

/** The fields the endpoints return (type and domain are the path). */
const served = (rows: readonly Suppression[], seed: number) =>
  presentAll(seed, 'suppression', rows.map(({ email, created, reason, status }) => ({ email, created, reason, status })));

export const suppressionRoutes: Route[] = [
  route('GET', '/v1/esp/suppression/:type', ({ dataset, params, query }) => {
    const type = suppressionType(params);
    const limit = pageLimit(query, SUPPRESSION_LIMIT);
    const offset = optionalInt(query, 'offset') ?? 0;
    if (offset < 0) throw badRequest('`offset` must not be negative.');
    const rows = dataset.suppressions.filter((s) => s.type === type).slice(offset, offset + limit);
    return { suppressions: served(rows, dataset.seed) };
  }),
  // A domain the workspace does not send from has empty lists, not a 404 (PEERS.md, Airbyte's connector).
  route('GET', '/v1/esp/domains/:domain/suppression/:type', ({ dataset, params, query }) => {
    const type = suppressionType(params);
    const domain = (params['domain'] ?? '').toLowerCase();
    const rows = dataset.domainSuppressions.filter((s) => s.domain === domain && s.type === type);
    const { page, next } = pageByOffset(rows, query['start'], pageLimit(query, SUPPRESSION_LIMIT));
    return { suppressions: served(page, dataset.seed), next };
  }),
];
