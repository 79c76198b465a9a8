import type { ResolvedConfig } from '../config.js';
import type { Query } from '../http/client.js';
import { campaignRecord, ipRecord, objectRecord, relationshipRecord } from './item-records.js';
import { attributesRecord, EVERYONE_FILTER, personDelivery, personRecord, pickAttributes } from './people-records.js';
import type { Shape, StreamDefinition } from './types.js';

/*
 * The stream table: one row per stream, by kind of read (types.ts). Page sizes are each
 * endpoint's documented maximum (API.md §1.2); where no maximum is documented we use 1000, as its
 * sibling endpoints allow.
 */

/*
 * Delivery windows (API.md §1.6): campaign, newsletter and transactional deliveries serve up to 12
 * months per request (a longer range is cut to the last 12 months: 360 days stays inside it);
 * /v1/messages and a person's deliveries 6 months. Broadcast deliveries document no cap, so they
 * keep the safe 6 months rather than risk a range cut silently.
 */
const SIX_MONTHS = 180;
const TWELVE_MONTHS = 360;
const DELIVERY_PAGES = { kind: 'cursor', limit: 1000 } as const;

const messageTypeQuery = (c: ResolvedConfig): Query => (c.messageTypes.length === 1 ? { type: c.messageTypes[0] } : {});

/*
 * What each stream brings back to its declared types (API.md §1.5, §2.2, §2.16, §2.24, §5.6):
 * integer ids that arrive as numeric strings in some answers, string ids that arrive as numbers,
 * and URL fields that may carry user:password@.
 */
const ACTION: Shape = {
  integers: ['id', 'campaign_id', 'broadcast_id', 'parent_action_id', 'from_id', 'reply_to_id', 'sender_identity_id'],
  urls: ['url', 'image_url'],
};
const ID_AND_TYPE: Shape = { integers: ['id'] };
const CAMPAIGN: Shape = { nested: { actions: ID_AND_TYPE, msg_templates: ID_AND_TYPE } };
const BROADCAST: Shape = { nested: { actions: ID_AND_TYPE, msg_template_ids: ID_AND_TYPE } };
const PERSON_IDS: Shape = { strings: ['id'] };
const DELIVERY: Shape = { strings: ['customer_id'], urls: ['recipient'], nested: { customer_identifiers: PERSON_IDS, identifiers: PERSON_IDS } };
export const ACTIVITY: Shape = { strings: ['customer_id'], urls: ['url'], nested: { customer_identifiers: PERSON_IDS } };
/** A tracked link may point at a page behind basic auth. */
const LINK: Shape = { urls: ['href'] };
/** Design Studio and assets list by numbered pages of up to 10,000 (journeys-app.json); see the docs page. */
const NUMBERED_PAGES = { kind: 'page', limit: 1000, first: 1 } as const;
const CREATED_ASC = { sort_by: 'created', sort_order: 'asc' } as const;
/** Design Studio ids are UUID strings. */
const DESIGN_STUDIO_IDS: Shape = { strings: ['id', 'parent_folder_id'] };

export const STREAMS: readonly StreamDefinition[] = [
  // Account-level lists: one request each.
  { name: 'campaigns', read: 'list', path: '/campaigns', envelope: 'campaigns', primaryKey: [['id']], cursor: 'updated', pagination: { kind: 'none' }, shape: CAMPAIGN, toRecord: campaignRecord },
  { name: 'broadcasts', read: 'list', path: '/broadcasts', envelope: 'broadcasts', primaryKey: [['id']], cursor: 'updated', pagination: { kind: 'none' }, shape: BROADCAST },
  { name: 'newsletters', read: 'list', path: '/newsletters', envelope: 'newsletters', primaryKey: [['id']], cursor: 'updated', pagination: { kind: 'cursor', limit: 1000 }, query: { sort: 'asc' } },
  { name: 'segments', read: 'list', path: '/segments', envelope: 'segments', primaryKey: [['id']], cursor: 'updated_at', pagination: { kind: 'none' }, childConcurrency: 3 },
  { name: 'collections', read: 'list', path: '/collections', envelope: 'collections', primaryKey: [['id']], cursor: 'updated_at', pagination: { kind: 'none' } },
  { name: 'exports', read: 'list', path: '/exports', envelope: 'exports', primaryKey: [['id']], cursor: 'updated_at', pagination: { kind: 'none' } },
  { name: 'snippets', read: 'list', path: '/snippets', envelope: 'snippets', primaryKey: [['name']], cursor: 'updated_at', pagination: { kind: 'none' } },
  { name: 'transactional_messages', read: 'list', path: '/transactional', envelope: 'messages', primaryKey: [['id']], cursor: 'updated_at', pagination: { kind: 'none' } },
  // hidden=false (the default) and hidden=true list disjoint sets: read both.
  {
    name: 'sender_identities', read: 'partitioned', path: '/sender_identities', envelope: 'sender_identities', primaryKey: [['id']], pagination: { kind: 'cursor', limit: 1000 },
    partitions: { param: 'hidden', values: ['false', 'true'], in: 'query' },
  },
  { name: 'reporting_webhooks', read: 'list', path: '/reporting_webhooks', envelope: 'reporting_webhooks', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { urls: ['endpoint'] } },
  { name: 'subscription_topics', read: 'list', path: '/subscription_topics', envelope: 'topics', primaryKey: [['id']], pagination: { kind: 'none' } },
  { name: 'subscription_channels', read: 'list', path: '/subscription_channels', envelope: 'channels', primaryKey: [['id']], pagination: { kind: 'none' } },
  // Documented as integer, shown as a string in the API's own example (API.md §2.40).
  { name: 'workspaces', read: 'list', path: '/workspaces', envelope: 'workspaces', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { integers: ['id'] } },
  // Strings here, integers in some other answers (API.md §1.5).
  { name: 'object_types', read: 'list', path: '/object_types', envelope: 'types', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { strings: ['id'] } },
  { name: 'info_ip_addresses', read: 'list', path: '/info/ip_addresses', envelope: 'ip_addresses', primaryKey: [['ip']], pagination: { kind: 'none' }, toRecord: ipRecord },

  // Design Studio and its assets (journeys-app.json): numbered pages; updated_after filters the
  // three Design Studio lists on the server. Oldest first by creation, so that an item created
  // during the read lands on a page still to come instead of shifting the pages already read.
  {
    name: 'design_studio_emails', read: 'list', path: '/design_studio/emails', envelope: 'emails', primaryKey: [['id']], cursor: 'updated', since: 'updated_after',
    pagination: NUMBERED_PAGES, query: CREATED_ASC, shape: DESIGN_STUDIO_IDS,
  },
  {
    name: 'design_studio_components', read: 'list', path: '/design_studio/components', envelope: 'components', primaryKey: [['id']], cursor: 'updated', since: 'updated_after',
    pagination: NUMBERED_PAGES, query: CREATED_ASC, shape: DESIGN_STUDIO_IDS,
  },
  {
    name: 'design_studio_folders', read: 'list', path: '/design_studio/folders', envelope: 'folders', primaryKey: [['id']], cursor: 'updated', since: 'updated_after',
    pagination: NUMBERED_PAGES, query: CREATED_ASC, shape: DESIGN_STUDIO_IDS,
  },
  // No time filter and no sort: read whole, kept by `updated` on the client.
  { name: 'assets', read: 'list', path: '/assets', envelope: 'assets', primaryKey: [['id']], cursor: 'updated', pagination: NUMBERED_PAGES, shape: { integers: ['id', 'parent_folder_id'] } },

  // Event streams with their own readers.
  {
    name: 'activities', read: 'newest_first', path: '/activities', envelope: 'activities', primaryKey: [['id']], cursor: 'timestamp',
    pagination: { kind: 'cursor', limit: 100 }, personal: true, shape: ACTIVITY,
  },
  {
    name: 'messages', read: 'windows', path: '/messages', envelope: 'messages', primaryKey: [['id']], cursor: 'created',
    pagination: DELIVERY_PAGES, configQuery: messageTypeQuery, personal: true, windowDays: SIX_MONTHS, shape: DELIVERY,
  },

  // Children of account-level lists.
  {
    name: 'campaign_actions', read: 'list', path: '/campaigns/{campaign_id}/actions', envelope: 'actions', primaryKey: [['campaign_id'], ['id']],
    cursor: 'updated', parent: { stream: 'campaigns', fields: { campaign_id: 'id' } },
    pagination: { kind: 'cursor' }, shape: ACTION,
  },
  {
    name: 'broadcast_actions', read: 'list', path: '/broadcasts/{broadcast_id}/actions', envelope: 'actions', primaryKey: [['broadcast_id'], ['id']],
    cursor: 'updated', parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } },
    pagination: { kind: 'none' }, shape: ACTION,
  },
  {
    name: 'newsletter_variants', read: 'list', path: '/newsletters/{newsletter_id}/contents', envelope: 'contents', primaryKey: [['newsletter_id'], ['id']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' },
    shape: { integers: ['id', 'newsletter_id', 'from_id', 'reply_to_id'] },
  },
  {
    name: 'newsletter_test_groups', read: 'list', path: '/newsletters/{newsletter_id}/test_groups', envelope: 'test_groups', primaryKey: [['newsletter_id'], ['id']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' },
    // Typed as strings, sent as integers (API.md §2.16).
    shape: { integerLists: ['content_ids'] },
  },
  {
    name: 'segment_membership', read: 'list', path: '/segments/{segment_id}/membership', envelope: 'identifiers', primaryKey: [['segment_id'], ['cio_id']],
    parent: { stream: 'segments', fields: { segment_id: 'id' } }, pagination: { kind: 'cursor', limit: 30000 }, personal: true,
    shape: PERSON_IDS,
  },
  // One object per segment, not a list. The shape is the one Airbyte's connector reads; Customer.io's
  // published spec shows no example of it (API.md §2.17).
  {
    name: 'segment_usage', read: 'list', path: '/segments/{segment_id}/used_by', envelope: 'used_by', primaryKey: [['segment_id']],
    parent: { stream: 'segments', fields: { segment_id: 'id' } }, pagination: { kind: 'single' },
    shape: { integers: ['segment_id'], integerLists: ['campaigns', 'sent_newsletters', 'draft_newsletters'] },
  },

  // Deliveries of each parent, in start_ts/end_ts windows.
  {
    name: 'campaign_messages', read: 'windows', path: '/campaigns/{campaign_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: 'created',
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, pagination: DELIVERY_PAGES, configQuery: messageTypeQuery, personal: true,
    windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },
  {
    name: 'broadcast_messages', read: 'windows', path: '/broadcasts/{broadcast_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: 'created',
    parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } }, pagination: DELIVERY_PAGES, configQuery: messageTypeQuery, personal: true,
    windowDays: SIX_MONTHS, shape: DELIVERY,
  },
  {
    name: 'newsletter_messages', read: 'windows', path: '/newsletters/{newsletter_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: 'created',
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: DELIVERY_PAGES, configQuery: messageTypeQuery, personal: true,
    windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },
  {
    name: 'transactional_message_deliveries', read: 'windows', path: '/transactional/{transactional_message_id}/messages', envelope: 'messages', primaryKey: [['id']],
    cursor: 'created', parent: { stream: 'transactional_messages', fields: { transactional_message_id: 'id' } },
    pagination: DELIVERY_PAGES, personal: true, windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },

  // People: one tree of the read plan over the people search (streams/plan). The streams below
  // customers are its children: they copy the person's cio_id and are read per search page.
  {
    name: 'customers', read: 'list', path: '/customers', method: 'POST', envelope: 'identifiers', primaryKey: [['cio_id']], pagination: { kind: 'cursor', limit: 1000 },
    personal: true, probeBody: { filter: EVERYONE_FILTER }, toRecord: personRecord, configBody: (c) => ({ filter: c.customerFilter ?? EVERYONE_FILTER }),
    // Per-person endpoints: many people at once keeps the budget busy; the limiter sets the pace.
    // A person deleted between the search and a request of theirs is routine, not a warning.
    childConcurrency: 10, childNotFound: 'debug',
  },
  {
    name: 'customer_attributes', read: 'batch', path: '/customers/attributes', method: 'POST', envelope: 'customers', primaryKey: [['cio_id']],
    parent: { stream: 'customers', fields: { cio_id: 'cio_id' } }, personal: true, query: { id_type: 'cio_id' },
    // 100 people per request, never one request per person.
    batch: { size: 100, parentField: 'cio_id', body: (ids) => ({ ids }) },
    shape: { strings: ['id'], nested: { identifiers: PERSON_IDS } }, toRecord: attributesRecord, configRecord: (record, c) => pickAttributes(record, c.customerAttributes),
  },
  {
    name: 'customer_activities', read: 'list', path: '/customers/{customer_cio_id}/activities', envelope: 'activities', primaryKey: [['id']], pagination: { kind: 'cursor', limit: 100 },
    cursor: 'timestamp', parent: { stream: 'customers', fields: { customer_cio_id: 'cio_id' } }, query: { id_type: 'cio_id' }, personal: true,
    shape: ACTIVITY,
    // The workspace list's items have the per-person items' schema, each naming its person (BULK-ROUTES.md §2).
    bulk: { from: 'activities', person: ['customer_identifiers', 'cio_id'], toItem: (activity) => activity },
  },
  {
    name: 'customer_messages', read: 'windows', path: '/customers/{customer_cio_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: 'created',
    parent: { stream: 'customers', fields: { customer_cio_id: 'cio_id' } }, pagination: DELIVERY_PAGES, query: { id_type: 'cio_id' }, personal: true,
    // This listing documents msg_template_id as a string (API.md §2.24); other answers send an integer.
    windowDays: SIX_MONTHS, shape: { ...DELIVERY, strings: ['customer_id', 'msg_template_id'] },
    // The same deliveries are in the workspace-wide list, each naming its person (BULK-ROUTES.md §1).
    bulk: { from: 'messages', person: ['customer_identifiers', 'cio_id'], toItem: personDelivery },
  },
  {
    name: 'customer_relationships', read: 'list', path: '/customers/{customer_id}/relationships', envelope: 'cio_relationships', primaryKey: [['customer_id'], ['object_type_id'], ['object_id']],
    parent: { stream: 'customers', fields: { customer_id: 'cio_id' } }, pagination: { kind: 'cursor', limit: 1000 }, query: { id_type: 'cio_id' }, personal: true,
    toRecord: relationshipRecord,
    // Each object lists its related people, without the relationship attributes: it says whom to ask (BULK-ROUTES.md §3).
    objectRoute: {
      objects: 'objects', person: ['identifiers', 'cio_id'],
      related: { path: '/objects/{object_type_id}/{object_id}/relationships', envelope: 'cio_relationships', pagination: { kind: 'cursor', limit: 1000 }, fields: { object_type_id: 'object_type_id', object_id: 'object_id' } },
    },
  },

  // Objects of every type, through the object search.
  {
    name: 'objects', read: 'list', path: '/objects', method: 'POST', envelope: 'identifiers', primaryKey: [['object_type_id'], ['object_id']],
    parent: { stream: 'object_types', fields: { object_type_id: 'id' } }, pagination: { kind: 'cursor', limit: 1000 },
    body: (f) => ({ object_type_id: String(f['object_type_id']), filter: { object_attribute: { field: 'object_id', operator: 'exists', type_id: String(f['object_type_id']) } } }),
    toRecord: objectRecord,
  },
  // The workspace-wide lists, then each configured sending domain's. The domain lists page by a
  // `start` token, not by offset (API.md §2.41). `domain` is "" rather than null for the
  // workspace-wide lists: it is part of the key, and destinations dedupe unevenly on null.
  {
    name: 'esp_suppressions', read: 'partitioned', path: '/esp/suppression/{type}', envelope: 'suppressions', primaryKey: [['domain'], ['type'], ['email']],
    pagination: { kind: 'offset', limit: 1000 }, personal: true,
    partitions: { param: 'type', values: ['bounces', 'blocks', 'spam_reports', 'invalid_emails'], in: 'path' },
    scopes: { param: 'domain', values: (c) => c.espSuppressionDomains, path: '/esp/domains/{domain}/suppression/{type}', pagination: { kind: 'cursor', limit: 1000 }, unscoped: '' },
  },

  // Metrics: one row per parent x period x bucket.
  {
    name: 'campaign_metrics', read: 'metrics', path: '/campaigns/{campaign_id}/metrics', envelope: 'metric', primaryKey: [['campaign_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, metrics: { version: 2, shape: 'series' },
  },
  {
    name: 'campaign_action_metrics', read: 'metrics', path: '/campaigns/{campaign_id}/actions/{action_id}/metrics', envelope: 'metric',
    primaryKey: [['campaign_id'], ['action_id'], ['period'], ['period_start']],
    parent: { stream: 'campaign_actions', fields: { campaign_id: 'campaign_id', action_id: 'id' } }, metrics: { version: 2, shape: 'series' },
  },
  {
    name: 'broadcast_metrics', read: 'metrics', path: '/broadcasts/{broadcast_id}/metrics', envelope: 'metric', primaryKey: [['broadcast_id'], ['period'], ['period_start']],
    parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'broadcast_action_metrics', read: 'metrics', path: '/broadcasts/{broadcast_id}/actions/{action_id}/metrics', envelope: 'metric',
    primaryKey: [['broadcast_id'], ['action_id'], ['period'], ['period_start']],
    parent: { stream: 'broadcast_actions', fields: { broadcast_id: 'broadcast_id', action_id: 'id' } }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'newsletter_metrics', read: 'metrics', path: '/newsletters/{newsletter_id}/metrics', envelope: 'metric', primaryKey: [['newsletter_id'], ['period'], ['period_start']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } },
    metrics: { version: 1, shape: 'series', monthSteps: 121, typeColumn: true },
  },
  {
    name: 'transactional_message_metrics', read: 'metrics', path: '/transactional/{transactional_message_id}/metrics', envelope: 'metric',
    primaryKey: [['transactional_message_id'], ['period'], ['period_start']],
    parent: { stream: 'transactional_messages', fields: { transactional_message_id: 'id' } }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'campaign_journey_metrics', read: 'metrics', path: '/campaigns/{campaign_id}/journey_metrics', envelope: 'journey_metric', primaryKey: [['campaign_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, metrics: { version: 2, shape: 'journey' },
  },
  {
    name: 'campaign_link_metrics', read: 'metrics', path: '/campaigns/{campaign_id}/metrics/links', envelope: 'links', primaryKey: [['campaign_id'], ['link_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, metrics: { version: 1, shape: 'links' },
    shape: LINK,
  },
  {
    name: 'newsletter_link_metrics', read: 'metrics', path: '/newsletters/{newsletter_id}/metrics/links', envelope: 'links', primaryKey: [['newsletter_id'], ['link_id'], ['period'], ['period_start']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, metrics: { version: 1, shape: 'links', monthSteps: 121 },
    shape: LINK,
  },
];

export const STREAMS_BY_NAME: ReadonlyMap<string, StreamDefinition> = new Map(STREAMS.map((s) => [s.name, s]));
