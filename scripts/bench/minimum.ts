/**
 * The fewest requests a sync needs, per endpoint, computed from the fake workspace's data and the
 * API's documented limits alone (API.md §1.2 page sizes, §1.6 delivery windows), never from the
 * connector: it is the yardstick the connector is measured against. Each endpoint counts once per
 * sync, whether it is read for its own stream, as the parent of selected streams, or both.
 */
import type { Dataset, Delivery } from '../../fake-api/index.js';
import { STREAMS } from '../../src/streams/definitions.js';
import { SELF_CHECK_SAMPLE } from '../../src/streams/bulk/people.js';
import { plainListRule, plainListSize, type PlainListRule } from './plain-lists.js';
import { OBJECT_SIDE, relationshipsRoute } from './relationships-minimum.js';

const DAY = 86_400;
/** The shortest 6 and 12 calendar months: a window this wide never overruns the API's cap (API.md §1.6). */
export const SIX_MONTHS = 181 * DAY;
export const TWELVE_MONTHS = 365 * DAY;

/** The suppression lists, one path each (API.md §2.41). */
const SUPPRESSION_TYPES = ['bounces', 'blocks', 'spam_reports', 'invalid_emails'] as const;

/** What the minimum depends on besides the data: the selection and the config of the sync. */
export interface SyncShape {
  /** Streams selected in the configured catalog. */
  streams: readonly string[];
  /** metrics_periods: one metrics request per parent and period. */
  periods: readonly string[];
  /** The delivery history the sync covers, inclusive unix seconds. */
  from: number;
  to: number;
  /**
   * people_streams_route (default auto: customer_messages from /v1/messages when `messages` is read
   * anyway; customer_activities from /v1/activities when `activities` is read anyway or that costs
   * fewer requests; customer_relationships through the objects when that costs fewer requests).
   */
  route?: 'auto' | 'per_person';
}

/** Cursor paging: the last page carries no `next`, so n items take ceil(n / per) pages, and an empty list one. */
export const pages = (n: number, per: number): number => Math.max(1, Math.ceil(n / per));
/** Offset paging ends on a short page: a full last page costs one more, empty, request. */
export const offsetPages = (n: number, per: number): number => Math.floor(n / per) + 1;

/** How many windows of at most `cap` seconds cover [from, to]. */
export function windowCount(from: number, to: number, cap: number): number {
  return to < from ? 0 : Math.ceil((to - from + 1) / cap);
}

/**
 * Pages to read timestamps `times` in windows of `cap` seconds laid end to end from `from`: every
 * window costs at least one request, then one per `per` items inside it.
 */
export function windowedPages(times: readonly number[], from: number, to: number, cap: number, per: number): number {
  const counts = new Array<number>(windowCount(from, to, cap)).fill(0);
  for (const t of times) {
    if (t >= from && t <= to) counts[Math.floor((t - from) / cap)]! += 1;
  }
  return counts.reduce((sum, n) => sum + pages(n, per), 0);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Σ over parents of the pages of each parent's children. */
function perParent<T, K>(parents: readonly K[], children: readonly T[], key: (child: T) => K, per: number): number {
  const groups = groupBy(children, key);
  return parents.reduce((sum, p) => sum + pages(groups.get(p)?.length ?? 0, per), 0);
}

const DELIVERY_PAGE = 1000;

/** Σ over parents of the windowed pages of each parent's deliveries. */
function deliveriesPerParent<K>(d: Dataset, s: SyncShape, parents: readonly K[], key: (m: Delivery) => K | null, cap: number): number {
  const groups = groupBy(d.messages, key);
  return parents.reduce((sum, p) => sum + windowedPages((groups.get(p) ?? []).map((m) => m.created), s.from, s.to, cap, DELIVERY_PAGE), 0);
}

const one = (): number => 1;
/** POST /v1/objects: a page per 1000 objects of each type. */
const objectPages = (d: Dataset): number => perParent(d.objectTypes.map((t) => t.id), d.objects, (o) => o.object_type_id, 1000);
/** customer_relationships' route, the object list costing it only what the selection does not read anyway. */
const relationships = (d: Dataset, s: SyncShape) =>
  relationshipsRoute(d, s.route, s.streams.includes('objects') ? 0 : objectPages(d) + (s.streams.includes('object_types') ? 0 : 1));
const cioIds = (d: Dataset): string[] => d.people.map((p) => p.identifiers.cio_id);

/** Pages of GET /v1/activities: without deleted=true, activities of deleted people are left out (API.md §2.26). */
function activityPages(d: Dataset): number {
  const deleted = new Set(d.deletedPeople.map((p) => p.cio_id));
  return pages(d.activities.filter((a) => !deleted.has(a.customer_identifiers.cio_id)).length, 100);
}

/**
 * Whether customer_activities takes its bulk route (people_streams_route auto): always when
 * `activities` is read anyway, else when the list's pages and the sample cost less than a request
 * a person (the connector guesses the pages from one page; here they are known).
 */
export function activitiesBulk(d: Dataset, s: SyncShape): boolean {
  if (s.route === 'per_person' || !s.streams.includes('customer_activities')) return false;
  return s.streams.includes('activities') || activityPages(d) + SELF_CHECK_SAMPLE < d.people.length;
}
const perPeriod = (parents: number, s: SyncShape): number => parents * s.periods.length;

/** An endpoint, the endpoint that lists its parents (if any), and its fewest requests for the whole sync. */
export interface Endpoint {
  parent?: string;
  count: (d: Dataset, s: SyncShape) => number;
}

/** Lists that come whole in one answer (API.md §1.2). */
const UNPAGED = [
  'campaigns', 'broadcasts', 'segments', 'collections', 'exports', 'snippets', 'transactional', 'reporting_webhooks',
  'subscription_topics', 'subscription_channels', 'workspaces', 'object_types', 'info/ip_addresses',
].map((path): [string, Endpoint] => [`GET /v1/${path}`, { count: one }]);

/** Plain lists, derived from the stream table (plain-lists.ts). Numbered pages end on a short page, as offsets do. */
export const PLAIN_LISTS: readonly PlainListRule[] = STREAMS.flatMap((def) => plainListRule(def) ?? []);
const PLAIN: Array<[string, Endpoint]> = PLAIN_LISTS.map((rule) => [rule.endpoint, { count: (d) => offsetPages(plainListSize(d, rule), rule.limit) }]);

/** Keyed by method and path template; this order is the report's. */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ...UNPAGED,
  ...PLAIN,
  // Paged lists; 1000 where no maximum is documented, like their siblings (API.md §1.2).
  ['GET /v1/newsletters', { count: (d) => pages(d.newsletters.length, 1000) }],
  // hidden=false and hidden=true are disjoint lists (API.md §2.34).
  ['GET /v1/sender_identities', { count: (d) => [false, true].reduce((sum, h) => sum + pages(d.senderIdentities.filter((x) => x.hidden === h).length, 1000), 0) }],
  ['GET /v1/esp/suppression/{type}', { count: (d) => SUPPRESSION_TYPES.reduce((sum, t) => sum + offsetPages(d.suppressions.filter((x) => x.type === t).length, 1000), 0) }],
  // Read for customer_activities' bulk route too; without `activities` selected, one more page to weigh the routes.
  ['GET /v1/activities', { count: (d, s) => activityPages(d) + (activitiesBulk(d, s) && !s.streams.includes('activities') ? 1 : 0) }],
  ['GET /v1/messages', { count: (d, s) => windowedPages(d.messages.map((m) => m.created), s.from, s.to, SIX_MONTHS, DELIVERY_PAGE) }],

  // Children of the account lists.
  ['GET /v1/campaigns/{id}/actions', { parent: 'GET /v1/campaigns', count: (d) => perParent(d.campaigns.map((c) => c.id), d.campaignActions, (a) => a.campaign_id, 10) }],
  ['GET /v1/broadcasts/{id}/actions', { parent: 'GET /v1/broadcasts', count: (d) => d.broadcasts.length }],
  ['GET /v1/newsletters/{id}/contents', { parent: 'GET /v1/newsletters', count: (d) => d.newsletters.length }],
  ['GET /v1/newsletters/{id}/test_groups', { parent: 'GET /v1/newsletters', count: (d) => d.newsletters.length }],
  ['GET /v1/segments/{id}/membership', {
    parent: 'GET /v1/segments',
    count: (d) => {
      const live = new Set(cioIds(d));
      return perParent(d.segments.map((x) => x.id), d.segmentMembers.filter((m) => live.has(m.cio_id)), (m) => m.segment_id, 30000);
    },
  }],
  ['GET /v1/segments/{id}/used_by', { parent: 'GET /v1/segments', count: (d) => d.segments.length }],
  ['POST /v1/objects', { parent: 'GET /v1/object_types', count: objectPages }],
  // Read for customer_relationships' objects route (people_streams_route auto) when it is the cheaper one.
  [OBJECT_SIDE, { parent: 'POST /v1/objects', count: (d, s) => relationships(d, s).objectSide }],

  // Deliveries per parent, one request per window and page (API.md §1.6: 12 months for campaign,
  // newsletter and transactional deliveries; none documented for broadcasts: 6 months is safe).
  ['GET /v1/campaigns/{id}/messages', {
    parent: 'GET /v1/campaigns',
    count: (d, s) => deliveriesPerParent(d, s, d.campaigns.map((c) => c.id), (m) => m.campaign_id, TWELVE_MONTHS),
  }],
  ['GET /v1/broadcasts/{id}/messages', {
    parent: 'GET /v1/broadcasts',
    count: (d, s) => deliveriesPerParent(d, s, d.broadcasts.map((b) => b.id), (m) => m.broadcast_id, SIX_MONTHS),
  }],
  ['GET /v1/newsletters/{id}/messages', {
    parent: 'GET /v1/newsletters',
    count: (d, s) => deliveriesPerParent(d, s, d.newsletters.map((n) => n.id), (m) => m.newsletter_id, TWELVE_MONTHS),
  }],
  ['GET /v1/transactional/{id}/messages', {
    parent: 'GET /v1/transactional',
    count: (d, s) => deliveriesPerParent(d, s, d.transactional.map((t) => t.id), (m) => d.transactionalIdByDeliveryId[m.id] ?? null, TWELVE_MONTHS),
  }],

  // People: the search, then attributes 100 at a time, then each person's own lists.
  ['POST /v1/customers', { count: (d) => pages(d.people.length, 1000) }],
  ['POST /v1/customers/attributes', { parent: 'POST /v1/customers', count: (d) => pages(d.people.length, 100) }],
  // On the bulk route, from GET /v1/activities, and only the self-check sample per person.
  ['GET /v1/customers/{id}/activities', {
    parent: 'POST /v1/customers',
    count: (d, s) => perParent(activitiesBulk(d, s) ? cioIds(d).slice(0, SELF_CHECK_SAMPLE) : cioIds(d), d.activities, (a) => a.customer_identifiers.cio_id, 100),
  }],
  ['GET /v1/customers/{id}/messages', {
    parent: 'POST /v1/customers',
    // With `messages` selected the default route serves customer_messages from GET /v1/messages
    // and reads only its self-check sample per person (people_streams_route).
    count: (d, s) => deliveriesPerParent(d, s, s.route !== 'per_person' && s.streams.includes('messages') ? cioIds(d).slice(0, SELF_CHECK_SAMPLE) : cioIds(d), (m) => m.customer_identifiers.cio_id, SIX_MONTHS),
  }],
  // Through the objects, only the people they name and the self-check sample.
  ['GET /v1/customers/{id}/relationships', { parent: 'POST /v1/customers', count: (d, s) => relationships(d, s).perPerson }],

  // Metrics: one request per parent and period.
  ['GET /v1/campaigns/{id}/metrics', { parent: 'GET /v1/campaigns', count: (d, s) => perPeriod(d.campaigns.length, s) }],
  ['GET /v1/campaigns/{id}/journey_metrics', { parent: 'GET /v1/campaigns', count: (d, s) => perPeriod(d.campaigns.length, s) }],
  ['GET /v1/campaigns/{id}/metrics/links', { parent: 'GET /v1/campaigns', count: (d, s) => perPeriod(d.campaigns.length, s) }],
  ['GET /v1/campaigns/{id}/actions/{action_id}/metrics', { parent: 'GET /v1/campaigns/{id}/actions', count: (d, s) => perPeriod(d.campaignActions.length, s) }],
  ['GET /v1/broadcasts/{id}/metrics', { parent: 'GET /v1/broadcasts', count: (d, s) => perPeriod(d.broadcasts.length, s) }],
  ['GET /v1/broadcasts/{id}/actions/{action_id}/metrics', { parent: 'GET /v1/broadcasts/{id}/actions', count: (d, s) => perPeriod(d.broadcastActions.length, s) }],
  ['GET /v1/newsletters/{id}/metrics', { parent: 'GET /v1/newsletters', count: (d, s) => perPeriod(d.newsletters.length, s) }],
  ['GET /v1/newsletters/{id}/metrics/links', { parent: 'GET /v1/newsletters', count: (d, s) => perPeriod(d.newsletters.length, s) }],
  ['GET /v1/transactional/{id}/metrics', { parent: 'GET /v1/transactional', count: (d, s) => perPeriod(d.transactional.length, s) }],
]);

/** The endpoint each stream's records come from, by hand where no rule is derived. */
export const HAND_STREAM_ENDPOINTS: ReadonlyMap<string, string> = new Map([
  ['campaigns', 'GET /v1/campaigns'],
  ['broadcasts', 'GET /v1/broadcasts'],
  ['newsletters', 'GET /v1/newsletters'],
  ['segments', 'GET /v1/segments'],
  ['collections', 'GET /v1/collections'],
  ['exports', 'GET /v1/exports'],
  ['snippets', 'GET /v1/snippets'],
  ['transactional_messages', 'GET /v1/transactional'],
  ['sender_identities', 'GET /v1/sender_identities'],
  ['reporting_webhooks', 'GET /v1/reporting_webhooks'],
  ['subscription_topics', 'GET /v1/subscription_topics'],
  ['subscription_channels', 'GET /v1/subscription_channels'],
  ['workspaces', 'GET /v1/workspaces'],
  ['object_types', 'GET /v1/object_types'],
  ['info_ip_addresses', 'GET /v1/info/ip_addresses'],
  ['activities', 'GET /v1/activities'],
  ['messages', 'GET /v1/messages'],
  ['campaign_actions', 'GET /v1/campaigns/{id}/actions'],
  ['broadcast_actions', 'GET /v1/broadcasts/{id}/actions'],
  ['newsletter_variants', 'GET /v1/newsletters/{id}/contents'],
  ['newsletter_test_groups', 'GET /v1/newsletters/{id}/test_groups'],
  ['segment_membership', 'GET /v1/segments/{id}/membership'],
  ['segment_usage', 'GET /v1/segments/{id}/used_by'],
  ['campaign_messages', 'GET /v1/campaigns/{id}/messages'],
  ['broadcast_messages', 'GET /v1/broadcasts/{id}/messages'],
  ['newsletter_messages', 'GET /v1/newsletters/{id}/messages'],
  ['transactional_message_deliveries', 'GET /v1/transactional/{id}/messages'],
  ['customers', 'POST /v1/customers'],
  ['customer_attributes', 'POST /v1/customers/attributes'],
  ['customer_activities', 'GET /v1/customers/{id}/activities'],
  ['customer_messages', 'GET /v1/customers/{id}/messages'],
  ['customer_relationships', 'GET /v1/customers/{id}/relationships'],
  ['objects', 'POST /v1/objects'],
  ['esp_suppressions', 'GET /v1/esp/suppression/{type}'],
  ['campaign_metrics', 'GET /v1/campaigns/{id}/metrics'],
  ['campaign_action_metrics', 'GET /v1/campaigns/{id}/actions/{action_id}/metrics'],
  ['broadcast_metrics', 'GET /v1/broadcasts/{id}/metrics'],
  ['broadcast_action_metrics', 'GET /v1/broadcasts/{id}/actions/{action_id}/metrics'],
  ['newsletter_metrics', 'GET /v1/newsletters/{id}/metrics'],
  ['transactional_message_metrics', 'GET /v1/transactional/{id}/metrics'],
  ['campaign_journey_metrics', 'GET /v1/campaigns/{id}/journey_metrics'],
  ['campaign_link_metrics', 'GET /v1/campaigns/{id}/metrics/links'],
  ['newsletter_link_metrics', 'GET /v1/newsletters/{id}/metrics/links'],
]);

/** The endpoint of every stream with a rule: derived for plain lists, by hand for the rest. */
export const STREAM_ENDPOINTS: ReadonlyMap<string, string> = new Map([...HAND_STREAM_ENDPOINTS, ...PLAIN_LISTS.map((r): [string, string] => [r.stream, r.endpoint])]);

/** The endpoints a selection reads: each selected stream's, the `extra` endpoints its routes read, and the parents above them, each once. */
export function endpointsRead(streams: readonly string[], extra: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  for (const start of [...streams.map((stream) => STREAM_ENDPOINTS.get(stream)), ...extra]) {
    let key = start;
    while (key !== undefined && !out.has(key)) {
      out.add(key);
      key = ENDPOINTS.get(key)?.parent;
    }
  }
  return out;
}

/** Streams of the selection with no rule here: their endpoints have no minimum to show. */
export function unknownStreams(streams: readonly string[]): string[] {
  return streams.filter((s) => !STREAM_ENDPOINTS.has(s));
}

/** The fewest requests per endpoint template for the sync, in report order. */
export function minimumRequests(d: Dataset, s: SyncShape): Map<string, number> {
  const extra = [
    ...(s.streams.includes('customer_relationships') && relationships(d, s).objects ? [OBJECT_SIDE] : []),
    ...(activitiesBulk(d, s) ? ['GET /v1/activities'] : []),
  ];
  const read = endpointsRead(s.streams, extra);
  const out = new Map<string, number>();
  for (const [key, endpoint] of ENDPOINTS) if (read.has(key)) out.set(key, endpoint.count(d, s));
  return out;
}
