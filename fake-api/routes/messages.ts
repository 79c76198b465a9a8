// Delivery listings (API.md §2.6, 2.11, 2.14, 2.20, 2.21, 2.24, 2.39): newest first, keyset
// paged, filtered by a created window that defaults to the last 6 months.
import { DAY } from '../generate/common.js';
import { badRequest, notFound } from '../errors.js';
import { broadcastFrom, campaignFrom, newsletterFrom, personFrom, transactionalFrom } from '../lookups.js';
import { newestDeliveryFirst, sortedView } from '../ordering.js';
import { pageNewestFirst } from '../paging.js';
import { oneOf, optionalInt, pageLimit } from '../query.js';
import { present, presentAll, type ItemKind } from '../present.js';
import { route, type RequestContext, type Route } from '../router.js';
import type { Dataset, Delivery, DeliveryType } from '../types.js';

/** "6 months" as the API enforces it. */
export const SIX_MONTHS_SECONDS = 183 * DAY;
/** Campaign, newsletter and transactional deliveries serve up to 12 months a request (API.md §1.6). */
export const TWELVE_MONTHS_SECONDS = 365 * DAY;

/** How a listing treats a range wider than it serves: refused, or cut to its newest part. */
type RangeCap = { seconds: number; over: 'refuse' | 'cut' };
const SIX_MONTH_CAP: RangeCap = { seconds: SIX_MONTHS_SECONDS, over: 'refuse' };
const TWELVE_MONTH_CAP: RangeCap = { seconds: TWELVE_MONTHS_SECONDS, over: 'cut' };

const MESSAGE_LIMIT = { default: 50, max: 1000 } as const;

const FILTERABLE_TYPES: readonly DeliveryType[] = ['email', 'webhook', 'twilio', 'push', 'in_app', 'slack', 'whatsapp', 'inbox'];

interface CreatedWindow {
  newest?: number;
  oldest: number;
}

/**
 * start_ts/end_ts are inclusive bounds on `created`. Longer than the listing's cap is a 400 where
 * the cap is 6 months; the 12-month listings cut it to the 12 months before its end (API.md §1.6).
 */
export function createdWindow(query: Record<string, string>, now: number, cap: RangeCap = SIX_MONTH_CAP): CreatedWindow {
  const startTs = optionalInt(query, 'start_ts');
  const endTs = optionalInt(query, 'end_ts');
  if (startTs === undefined && endTs === undefined) return { oldest: now - SIX_MONTHS_SECONDS };
  if (startTs !== undefined && endTs !== undefined && endTs < startTs) {
    throw badRequest('`end_ts` must not be before `start_ts`.');
  }
  let oldest = startTs ?? (endTs as number) - SIX_MONTHS_SECONDS;
  const newest = endTs ?? Math.max(now, oldest);
  if (newest - oldest > cap.seconds) {
    if (cap.over === 'refuse') throw badRequest('The time range between start_ts and end_ts can be a maximum of 6 months.');
    oldest = newest - cap.seconds;
  }
  return endTs === undefined ? { oldest } : { newest: endTs, oldest };
}

type DeliveryPredicate = (delivery: Delivery) => boolean;

/** Query filters shared by every delivery listing. */
function queryFilters(query: Record<string, string>): DeliveryPredicate[] {
  const predicates: DeliveryPredicate[] = [];
  const type = oneOf(query, 'type', FILTERABLE_TYPES);
  if (type !== undefined) predicates.push((d) => d.type === type);
  const campaignId = optionalInt(query, 'campaign_id');
  if (campaignId !== undefined) predicates.push((d) => d.campaign_id === campaignId);
  const newsletterId = optionalInt(query, 'newsletter_id');
  if (newsletterId !== undefined) predicates.push((d) => d.newsletter_id === newsletterId);
  const actionId = optionalInt(query, 'action_id');
  if (actionId !== undefined) predicates.push((d) => d.action_id === actionId);
  return predicates;
}

/** Tests only: people whose deliveries the workspace-wide list leaves out (a list that loses some), per dataset. */
const hiddenFromWorkspaceList = new WeakMap<Dataset, ReadonlySet<string>>();

/** Tests only: GET /v1/messages and GET /v1/activities leave out the records of these people from now on; the per-person lists keep them. */
export function hideFromWorkspaceList(dataset: Dataset, cioIds: readonly string[]): void {
  hiddenFromWorkspaceList.set(dataset, new Set(cioIds));
}

/** The people hideFromWorkspaceList hides (none unless a test asked). */
export function hiddenFromWorkspace(dataset: Dataset): ReadonlySet<string> | undefined {
  return hiddenFromWorkspaceList.get(dataset);
}

const deletedCache = new WeakMap<Dataset, { count: number; ids: ReadonlySet<string> }>();

/** cio_ids of deleted people; worked out again only when someone else was deleted. */
function deletedIds(dataset: Dataset): ReadonlySet<string> {
  const cached = deletedCache.get(dataset);
  if (cached?.count === dataset.deletedPeople.length) return cached.ids;
  const ids = new Set(dataset.deletedPeople.map((p) => p.cio_id));
  deletedCache.set(dataset, { count: dataset.deletedPeople.length, ids });
  return ids;
}

/** A deleted person's deliveries stay in the workspace lists, keeping only their cio_id (BULK-ROUTES.md §1.4). */
function anonymised(dataset: Dataset, page: Delivery[]): Delivery[] {
  const deleted = deletedIds(dataset);
  if (deleted.size === 0) return page;
  return page.map((d) => (deleted.has(d.customer_identifiers.cio_id)
    ? { ...d, customer_id: null, customer_identifiers: { id: null, email: null, cio_id: d.customer_identifiers.cio_id } }
    : d));
}

function listDeliveries(ctx: RequestContext, scope: DeliveryPredicate | undefined, kind: ItemKind = 'delivery', cap: RangeCap = SIX_MONTH_CAP): { messages: Record<string, unknown>[]; next: string } {
  const { dataset, query } = ctx;
  const window = createdWindow(query, dataset.now, cap);
  const predicates = queryFilters(query);
  if (scope) predicates.unshift(scope);
  const { page, next } = pageNewestFirst({
    items: sortedView(dataset.messages, newestDeliveryFirst),
    timeOf: (d) => d.created,
    idOf: (d) => d.id,
    start: query['start'],
    limit: pageLimit(query, MESSAGE_LIMIT),
    ...window,
    matches: (d) => predicates.every((p) => p(d)),
  });
  return { messages: presentAll(dataset.seed, kind, kind === 'customer_delivery' ? page.map(customerMessage) : anonymised(dataset, page)), next };
}

function isTransactionalOf(dataset: Dataset, transactionalId: number): DeliveryPredicate {
  return (d) => dataset.transactionalIdByDeliveryId[d.id] === transactionalId;
}

/** §2.24 documents a narrower delivery for per-customer listings (msg_template_id as a string). */
function customerMessage(d: Delivery): Record<string, unknown> {
  const metrics: Record<string, number> = {};
  if (d.metrics.sent !== undefined) metrics['sent'] = d.metrics.sent;
  if (d.metrics.delivered !== undefined) metrics['delivered'] = d.metrics.delivered;
  return {
    id: d.id,
    deduplicate_id: d.deduplicate_id,
    action_id: d.action_id,
    broadcast_id: d.broadcast_id,
    campaign_id: d.campaign_id,
    content_id: d.content_id,
    newsletter_id: d.newsletter_id,
    customer_id: d.customer_id,
    recipient: d.recipient,
    subject: d.subject,
    type: d.type,
    created: d.created,
    failure_message: d.failure_message,
    forgotten: d.forgotten,
    msg_template_id: d.msg_template_id === null ? null : String(d.msg_template_id),
    metrics,
  };
}

export const messageRoutes: Route[] = [
  route('GET', '/v1/messages', (ctx) => {
    const hidden = hiddenFromWorkspaceList.get(ctx.dataset);
    return listDeliveries(ctx, hidden === undefined ? undefined : (d) => !hidden.has(d.customer_identifiers.cio_id));
  }),
  route('GET', '/v1/messages/:message_id', ({ dataset, params }) => {
    const found = dataset.messages.find((d) => d.id === params['message_id']);
    if (!found) throw notFound('The message does not exist.');
    return { message: present(dataset.seed, 'delivery', found) };
  }),
  route('GET', '/v1/campaigns/:campaign_id/messages', (ctx) => {
    const campaign = campaignFrom(ctx.dataset, ctx.params);
    return listDeliveries(ctx, (d) => d.campaign_id === campaign.id, 'delivery', TWELVE_MONTH_CAP);
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/messages', (ctx) => {
    const broadcast = broadcastFrom(ctx.dataset, ctx.params);
    return listDeliveries(ctx, (d) => d.broadcast_id === broadcast.id);
  }),
  route('GET', '/v1/newsletters/:newsletter_id/messages', (ctx) => {
    const newsletter = newsletterFrom(ctx.dataset, ctx.params);
    return listDeliveries(ctx, (d) => d.newsletter_id === newsletter.id, 'delivery', TWELVE_MONTH_CAP);
  }),
  route('GET', '/v1/transactional/:transactional_id/messages', (ctx) => {
    const transactional = transactionalFrom(ctx.dataset, ctx.params);
    return listDeliveries(ctx, isTransactionalOf(ctx.dataset, transactional.id), 'delivery', TWELVE_MONTH_CAP);
  }),
  route('GET', '/v1/customers/:customer_id/messages', (ctx) => {
    const person = personFrom(ctx.dataset, ctx.params, ctx.query);
    const cioId = person.identifiers.cio_id;
    return listDeliveries(ctx, (d) => d.customer_identifiers.cio_id === cioId, 'customer_delivery');
  }),
];
