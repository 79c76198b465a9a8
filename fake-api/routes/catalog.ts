// Campaigns, broadcasts, newsletters, segments and the other catalog lists (API.md §2.1-2.17, 2.28-2.40).
import { broadcastActionFrom, broadcastFrom, campaignActionFrom, campaignFrom, newsletterFrom, segmentFrom } from '../lookups.js';
import { pageByOffset } from '../paging.js';
import { oneOf, optionalBool, pageLimit } from '../query.js';
import { route, type Route } from '../router.js';
import type { NewsletterTestGroup } from '../types.js';

/** Campaign actions come 10 per page whatever `limit` says (API.md §1.2). */
const CAMPAIGN_ACTIONS_PER_PAGE = 10;

function chronological<T>(items: readonly T[], timeOf: (item: T) => number, idOf: (item: T) => number, sort: 'asc' | 'desc'): T[] {
  const sign = sort === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * (timeOf(a) - timeOf(b) || idOf(a) - idOf(b)));
}

function presentTestGroup(group: NewsletterTestGroup): Omit<NewsletterTestGroup, 'newsletter_id'> {
  const { newsletter_id: _parent, ...rest } = group;
  return rest;
}

export const catalogRoutes: Route[] = [
  route('GET', '/v1/campaigns', ({ dataset }) => ({ campaigns: dataset.campaigns })),
  route('GET', '/v1/campaigns/:campaign_id', ({ dataset, params }) => ({ campaign: campaignFrom(dataset, params) })),
  route('GET', '/v1/campaigns/:campaign_id/actions', ({ dataset, params, query }) => {
    const campaign = campaignFrom(dataset, params);
    const actions = dataset.campaignActions.filter((a) => a.campaign_id === campaign.id);
    const { page, next } = pageByOffset(actions, query['start'], CAMPAIGN_ACTIONS_PER_PAGE);
    return { actions: page, next };
  }),
  route('GET', '/v1/campaigns/:campaign_id/actions/:action_id', ({ dataset, params }) => ({
    action: campaignActionFrom(dataset, params),
  })),

  route('GET', '/v1/broadcasts', ({ dataset }) => ({ broadcasts: dataset.broadcasts })),
  route('GET', '/v1/broadcasts/:broadcast_id', ({ dataset, params }) => ({ broadcast: broadcastFrom(dataset, params) })),
  route('GET', '/v1/broadcasts/:broadcast_id/actions', ({ dataset, params }) => {
    const broadcast = broadcastFrom(dataset, params);
    return { actions: dataset.broadcastActions.filter((a) => a.broadcast_id === broadcast.id) };
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/actions/:action_id', ({ dataset, params }) => ({
    action: broadcastActionFrom(dataset, params),
  })),

  route('GET', '/v1/newsletters', ({ dataset, query }) => {
    const sort = oneOf(query, 'sort', ['asc', 'desc'] as const, 'asc');
    const limit = pageLimit(query, { default: 50, max: 1000 });
    const ordered = chronological(dataset.newsletters, (n) => n.created, (n) => n.id, sort);
    const { page, next } = pageByOffset(ordered, query['start'], limit);
    return { newsletters: page, next };
  }),
  route('GET', '/v1/newsletters/:newsletter_id', ({ dataset, params }) => ({ newsletter: newsletterFrom(dataset, params) })),
  route('GET', '/v1/newsletters/:newsletter_id/contents', ({ dataset, params }) => {
    const newsletter = newsletterFrom(dataset, params);
    return { contents: dataset.newsletterContents.filter((c) => c.newsletter_id === newsletter.id) };
  }),
  route('GET', '/v1/newsletters/:newsletter_id/test_groups', ({ dataset, params }) => {
    const newsletter = newsletterFrom(dataset, params);
    return {
      test_groups: dataset.newsletterTestGroups.filter((g) => g.newsletter_id === newsletter.id).map(presentTestGroup),
    };
  }),

  route('GET', '/v1/segments', ({ dataset }) => ({ segments: dataset.segments })),
  route('GET', '/v1/segments/:segment_id', ({ dataset, params }) => ({ segment: segmentFrom(dataset, params) })),
  route('GET', '/v1/segments/:segment_id/customer_count', ({ dataset, params }) => {
    const segment = segmentFrom(dataset, params);
    return { count: dataset.segmentMembers.filter((m) => m.segment_id === segment.id).length, segment_id: segment.id };
  }),

  route('GET', '/v1/sender_identities', ({ dataset, query }) => {
    // [AB] reads hidden=false and hidden=true separately, so the default must not mix them.
    const hidden = optionalBool(query, 'hidden') ?? false;
    const sort = oneOf(query, 'sort', ['asc', 'desc'] as const, 'asc');
    const limit = pageLimit(query, { default: 50, max: 1000 });
    const visible = dataset.senderIdentities.filter((s) => s.hidden === hidden);
    const ordered = sort === 'asc' ? visible : [...visible].reverse();
    const { page, next } = pageByOffset(ordered, query['start'], limit);
    return { sender_identities: page, next };
  }),

  route('GET', '/v1/collections', ({ dataset }) => ({ collections: dataset.collections })),
  route('GET', '/v1/exports', ({ dataset }) => ({ exports: dataset.exports })),
  route('GET', '/v1/snippets', ({ dataset }) => ({ snippets: dataset.snippets })),
  route('GET', '/v1/transactional', ({ dataset }) => ({ messages: dataset.transactional })),
  route('GET', '/v1/reporting_webhooks', ({ dataset }) => ({ reporting_webhooks: dataset.reportingWebhooks })),
  route('GET', '/v1/subscription_topics', ({ dataset }) => ({ topics: dataset.subscriptionTopics })),
  route('GET', '/v1/subscription_channels', ({ dataset }) => ({ channels: dataset.subscriptionChannels })),
  route('GET', '/v1/workspaces', ({ dataset }) => ({ workspaces: dataset.workspaces })),
  route('GET', '/v1/object_types', ({ dataset }) => ({ types: dataset.objectTypes })),
  route('GET', '/v1/info/ip_addresses', ({ dataset }) => ({ ip_addresses: dataset.ipAddresses }), { public: true }),
];
