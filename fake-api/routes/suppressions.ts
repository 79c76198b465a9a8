// ESP suppression lists (API.md §2.41): numeric limit/offset paging; an empty page ends the list.
import { SUPPRESSION_TYPES } from '../generate/suppressions.js';
import { badRequest } from '../errors.js';
import { optionalInt, pageLimit } from '../query.js';
import { presentAll } from '../present.js';
import { route, type Route } from '../router.js';

const SUPPRESSION_LIMIT = { default: 100, max: 1000 } as const;

export const suppressionRoutes: Route[] = [
  route('GET', '/v1/esp/suppression/:type', ({ dataset, params, query }) => {
    const type = SUPPRESSION_TYPES.find((t) => t === params['type']);
    if (!type) throw badRequest(`The suppression type must be one of ${SUPPRESSION_TYPES.join(', ')}.`);
    const limit = pageLimit(query, SUPPRESSION_LIMIT);
    const offset = optionalInt(query, 'offset') ?? 0;
    if (offset < 0) throw badRequest('`offset` must not be negative.');
    const rows = dataset.suppressions.filter((s) => s.type === type).slice(offset, offset + limit);
    return { suppressions: presentAll(dataset.seed, 'suppression', rows.map(({ email, created, reason, status }) => ({ email, created, reason, status }))) };
  }),
];
