// Activities (API.md §2.23, 2.26, 2.27): newest first, at most 100 per page.
import { personFrom, parseIdType } from '../lookups.js';
import { newestActivityFirst, sortedView } from '../ordering.js';
import { pageNewestFirst } from '../paging.js';
import { optionalBool, pageLimit } from '../query.js';
import { presentAll } from '../present.js';
import { route, type RequestContext, type Route } from '../router.js';
import type { Activity, Identifiers } from '../types.js';
import { hiddenFromWorkspace } from './messages.js';

const ACTIVITY_LIMIT = { default: 10, max: 100 } as const;

type ActivityPredicate = (activity: Activity) => boolean;

function identifiersHave(ids: Identifiers, idType: ReturnType<typeof parseIdType>, value: string): boolean {
  switch (idType) {
    case 'id':
      return ids.id === value;
    case 'email':
      return ids.email === value;
    case 'cio_id':
      // /v1/activities wants cio ids prefixed "cio_"; accept the bare id too.
      return ids.cio_id === (value.startsWith('cio_') ? value.slice(4) : value);
    case 'phone':
      return false;
  }
}

function listActivities(ctx: RequestContext, predicates: ActivityPredicate[]): { activities: Record<string, unknown>[]; next: string } {
  const { query, dataset } = ctx;
  const type = query['type'];
  if (type) predicates.push((a) => a.type === type);
  const name = query['name'];
  if (name) predicates.push((a) => a.name === name);
  const { page, next } = pageNewestFirst({
    items: sortedView(dataset.activities, newestActivityFirst),
    timeOf: (a) => a.timestamp,
    idOf: (a) => a.id,
    start: query['start'],
    limit: pageLimit(query, ACTIVITY_LIMIT),
    matches: (a) => predicates.every((p) => p(a)),
  });
  return { activities: presentAll(dataset.seed, 'activity', page), next };
}

export const activityRoutes: Route[] = [
  route('GET', '/v1/activities', (ctx) => {
    const predicates: ActivityPredicate[] = [];
    // Activities of deleted people are only included with deleted=true.
    if (!(optionalBool(ctx.query, 'deleted') ?? false)) {
      const deleted = new Set(ctx.dataset.deletedPeople.map((p) => p.cio_id));
      if (deleted.size > 0) predicates.push((a) => !deleted.has(a.customer_identifiers.cio_id));
    }
    const hidden = hiddenFromWorkspace(ctx.dataset);
    if (hidden !== undefined && hidden.size > 0) predicates.push((a) => !hidden.has(a.customer_identifiers.cio_id));
    const customerId = ctx.query['customer_id'];
    if (customerId) {
      const idType = parseIdType(ctx.query['id_type']);
      predicates.push((a) => identifiersHave(a.customer_identifiers, idType, customerId));
    }
    return listActivities(ctx, predicates);
  }),
  route('GET', '/v1/customers/:customer_id/activities', (ctx) => {
    const person = personFrom(ctx.dataset, ctx.params, ctx.query);
    const cioId = person.identifiers.cio_id;
    return listActivities(ctx, [(a) => a.customer_identifiers.cio_id === cioId]);
  }),
];
