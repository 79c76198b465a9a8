// Campaigns, broadcasts, newsletters, segments and the other catalog lists (API.md §2.1-2.17, 2.28-2.40).
import { broadcastActionFrom, broadcastFrom, campaignActionFrom, campaignFrom, newsletterFrom, segmentFrom } from '../lookups.js';
import { pageByOffset } from '../paging.js';
import { oneOf, optionalBool, pageLimit } from '../query.js';
import { present, presentAll } from '../present.js';
import { route, type Route } from '../router.js';
import type { NewsletterTestGroup } from '../types.js';
import { segmentUsage } from '../usage.js';

/** Campaign actions come 10 per page whatever `limit` says (API.md §1.2). */
const CAMPAIGN_ACTIONS_PER_PAGE = 10;

function chronological<T>(items: readonly T[], timeOf: (item: T) => number, idOf: (item: T) => number, sort: 'asc' | 'desc'): T[] {
  const sign = sort === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * (timeOf(a) - timeOf(b) || idOf(a) - idOf(b)));
}

function withoutNewsletterId(group: NewsletterTestGroup): Omit<NewsletterTestGroup, 'newsletter_id'> {
  const { newsletter_id: _parent, ...rest } = group;
  return rest;
}

export const catalogRoutes: Route[] = [
  route('GET', '/v1/campaigns', ({ dataset }) => ({ campaigns: presentAll(dataset.seed, 'campaign', dataset.campaigns) })),
  route('GET', '/v1/campaigns/:campaign_id', ({ dataset, params }) => ({ campaign: present(dataset.seed, 'campaign', campaignFrom(dataset, params)) })),
  route('GET', '/v1/campaigns/:campaign_id/actions', ({ dataset, params, query }) => {
    const campaign = campaignFrom(dataset, params);
    const actions = dataset.campaignActions.filter((a) => a.campaign_id === campaign.id);
    const { page, next } = pageByOffset(actions, query['start'], CAMPAIGN_ACTIONS_PER_PAGE);
    return { actions: presentAll(dataset.seed, 'campaign_action', page), next };
  }),
  route('GET', '/v1/campaigns/:campaign_id/actions/:action_id', ({ dataset, params }) => ({
    action: present(dataset.seed, 'campaign_action', campaignActionFrom(dataset, params)),
  })),

  route('GET', '/v1/broadcasts', ({ dataset }) => ({ broadcasts: presentAll(dataset.seed, 'broadcast', dataset.broadcasts) })),
  route('GET', '/v1/broadcasts/:broadcast_id', ({ dataset, params }) => ({ broadcast: present(dataset.seed, 'broadcast', broadcastFrom(dataset, params)) })),
  route('GET', '/v1/broadcasts/:broadcast_id/actions', ({ dataset, params }) => {
    const broadcast = broadcastFrom(dataset, params);
    return { actions: presentAll(dataset.seed, 'broadcast_action', dataset.broadcastActions.filter((a) => a.broadcast_id === broadcast.id)) };
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/actions/:action_id', ({ dataset, params }) => ({
    action: present(dataset.seed, 'broadcast_action', broadcastActionFrom(dataset, params)),
  })),

  route('GET', '/v1/newsletters', ({ dataset, query }) => {
    const sort = oneOf(query, 'sort', ['asc', 'desc'] as const, 'asc');
    const limit = pageLimit(query, { default: 50, max: 1000 });
    const ordered = chronological(dataset.newsletters, (n) => n.created, (n) => n.id, sort);
    const { page, next } = pageByOffset(ordered, query['start'], limit);
    return { newsletters: presentAll(dataset.seed, 'newsletter', page), next };
  }),
  route('GET', '/v1/newsletters/:newsletter_id', ({ dataset, params }) => ({ newsletter: present(dataset.seed, 'newsletter', newsletterFrom(dataset, params)) })),
  route('GET', '/v1/newsletters/:newsletter_id/contents', ({ dataset, params }) => {
    const newsletter = newsletterFrom(dataset, params);
    return { contents: presentAll(dataset.seed, 'newsletter_content', dataset.newsletterContents.filter((c) => c.newsletter_id === newsletter.id)) };
  }),
  route('GET', '/v1/newsletters/:newsletter_id/test_groups', ({ dataset, params }) => {
    const newsletter = newsletterFrom(dataset, params);
    return {
      test_groups: presentAll(dataset.seed, 'test_group', dataset.newsletterTestGroups.filter((g) => g.newsletter_id === newsletter.id).map(withoutNewsletterId)),
    };
  }),

  route('GET', '/v1/segments', ({ dataset }) => ({ segments: presentAll(dataset.seed, 'segment', dataset.segments) })),
  route('GET', '/v1/segments/:segment_id', ({ dataset, params }) => ({ segment: present(dataset.seed, 'segment', segmentFrom(dataset, params)) })),
  route('GET', '/v1/segments/:segment_id/customer_count', ({ dataset, params }) => {
    const segment = segmentFrom(dataset, params);
    return { count: dataset.segmentMembers.filter((m) => m.segment_id === segment.id).length, segment_id: segment.id };
  }),
  route('GET', '/v1/segments/:segment_id/used_by', ({ dataset, params }) => ({ used_by: segmentUsage(dataset, segmentFrom(dataset, params).id) })),

  route('GET', '/v1/sender_identities', ({ dataset, query }) => {
    // [AB] reads hidden=false and hidden=true separately, so the default must not mix them.
    const hidden = optionalBool(query, 'hidden') ?? false;
    const sort = oneOf(query, 'sort', ['asc', 'desc'] as const, 'asc');
    const limit = pageLimit(query, { default: 50, max: 1000 });
    const visible = dataset.senderIdentities.filter((s) => s.hidden === hidden);
    const ordered = sort === 'asc' ? visible : [...visible].reverse();
    const { page, next } = pageByOffset(ordered, query['start'], limit);
    return { sender_identities: presentAll(dataset.seed, 'sender_identity', page), next };
  }),

  route('GET', '/v1/collections', ({ dataset }) => ({ collections: presentAll(dataset.seed, 'collection', dataset.collections) })),
  route('GET', '/v1/exports', ({ dataset }) => ({ exports: presentAll(dataset.seed, 'export', dataset.exports) })),
  route('GET', '/v1/snippets', ({ dataset }) => ({ snippets: presentAll(dataset.seed, 'snippet', dataset.snippets) })),
  route('GET', '/v1/transactional', ({ dataset }) => ({ messages: presentAll(dataset.seed, 'transactional', dataset.transactional) })),
  route('GET', '/v1/reporting_webhooks', ({ dataset }) => ({ reporting_webhooks: presentAll(dataset.seed, 'reporting_webhook', dataset.reportingWebhooks) })),
  route('GET', '/v1/subscription_topics', ({ dataset }) => ({ topics: presentAll(dataset.seed, 'topic', dataset.subscriptionTopics) })),
  route('GET', '/v1/subscription_channels', ({ dataset }) => ({ channels: presentAll(dataset.seed, 'channel', dataset.subscriptionChannels) })),
  route('GET', '/v1/workspaces', ({ dataset }) => ({ workspaces: presentAll(dataset.seed, 'workspace', dataset.workspaces) })),
  route('GET', '/v1/object_types', ({ dataset }) => ({ types: presentAll(dataset.seed, 'object_type', dataset.objectTypes) })),
  route('GET', '/v1/info/ip_addresses', ({ dataset }) => ({ ip_addresses: dataset.ipAddresses }), { public: true }),
];
