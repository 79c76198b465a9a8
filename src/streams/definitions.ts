import type { ResolvedConfig } from '../config.js';
import type { Query } from '../http/client.js';
import type { JsonObject } from '../protocol/messages.js';
import { attributesRecord, EVERYONE_FILTER, personRecord, pickAttributes } from './people-records.js';
import { reshape, type Shape } from './shape.js';
import type { StreamDefinition } from './types.js';
import { isObject } from './types.js';

/*
 * The stream table. Page sizes are each endpoint's documented maximum (API.md §1.2); where no
 * maximum is documented we use 1000, as its sibling endpoints allow.
 */

/*
 * Delivery windows (API.md §1.6): campaign, newsletter and transactional deliveries serve up to 12
 * months per request (a longer range is cut to the last 12 months: 360 days stays inside it);
 * /v1/messages and a person's deliveries 6 months. Broadcast deliveries document no cap, so they
 * keep the safe 6 months rather than risk a range cut silently.
 */
const SIX_MONTHS = 180;
const TWELVE_MONTHS = 360;

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
const ACTIVITY: Shape = { strings: ['customer_id'], urls: ['url'], nested: { customer_identifiers: PERSON_IDS } };
/** A tracked link may point at a page behind basic auth. */
const LINK: Shape = { urls: ['href'] };

const ipRecord = (item: unknown): JsonObject => ({ ip: String(item) });

/** A relationship with its object identifiers flattened into key columns. */
function relationshipRecord(item: unknown): JsonObject {
  if (!isObject(item)) return {};
  const ids = isObject(item['identifiers']) ? item['identifiers'] : {};
  const { identifiers: _ignored, ...rest } = item;
  return {
    ...rest,
    object_type_id: String(item['object_type_id']),
    object_id: String(ids['object_id'] ?? ''),
    cio_object_id: typeof ids['cio_object_id'] === 'string' ? ids['cio_object_id'] : null,
  };
}

/** Campaign filter fields are JSON text in most answers and objects in some: the schema keeps text. */
const CAMPAIGN_JSON_TEXT = ['object_attribute_triggers', 'relationship_attribute_triggers'] as const;
const campaignShape = reshape(CAMPAIGN);
function campaignRecord(item: unknown): JsonObject {
  if (!isObject(item)) return {};
  const out: JsonObject = campaignShape(item);
  const jsonText = (v: unknown) => (v === null || v === undefined || typeof v === 'string' ? v : JSON.stringify(v));
  for (const key of CAMPAIGN_JSON_TEXT) if (key in out) out[key] = jsonText(out[key]);
  if (isObject(out['audience'])) {
    const audience = { ...out['audience'] };
    for (const key of ['person_filters', 'relationship_filters']) if (key in audience) audience[key] = jsonText(audience[key]);
    out['audience'] = audience;
  }
  return out;
}

export const STREAMS: readonly StreamDefinition[] = [
  // Account-level lists: one request each.
  { name: 'campaigns', path: '/campaigns', envelope: 'campaigns', primaryKey: [['id']], cursor: { field: 'updated', filter: 'client' }, pagination: { kind: 'none' }, toRecord: campaignRecord },
  { name: 'broadcasts', path: '/broadcasts', envelope: 'broadcasts', primaryKey: [['id']], cursor: { field: 'updated', filter: 'client' }, pagination: { kind: 'none' }, shape: BROADCAST },
  { name: 'newsletters', path: '/newsletters', envelope: 'newsletters', primaryKey: [['id']], cursor: { field: 'updated', filter: 'client' }, pagination: { kind: 'cursor', limit: 1000 }, query: { sort: 'asc' } },
  { name: 'segments', path: '/segments', envelope: 'segments', primaryKey: [['id']], cursor: { field: 'updated_at', filter: 'client' }, pagination: { kind: 'none' }, childConcurrency: 3 },
  { name: 'collections', path: '/collections', envelope: 'collections', primaryKey: [['id']], cursor: { field: 'updated_at', filter: 'client' }, pagination: { kind: 'none' } },
  { name: 'exports', path: '/exports', envelope: 'exports', primaryKey: [['id']], cursor: { field: 'updated_at', filter: 'client' }, pagination: { kind: 'none' } },
  { name: 'snippets', path: '/snippets', envelope: 'snippets', primaryKey: [['name']], cursor: { field: 'updated_at', filter: 'client' }, pagination: { kind: 'none' } },
  { name: 'transactional_messages', path: '/transactional', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'updated_at', filter: 'client' }, pagination: { kind: 'none' } },
  // hidden=false (the default) and hidden=true list disjoint sets: read both.
  {
    name: 'sender_identities', path: '/sender_identities', envelope: 'sender_identities', primaryKey: [['id']], pagination: { kind: 'cursor', limit: 1000 },
    custom: 'partitioned', partitions: { param: 'hidden', values: ['false', 'true'], in: 'query' },
  },
  { name: 'reporting_webhooks', path: '/reporting_webhooks', envelope: 'reporting_webhooks', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { urls: ['endpoint'] } },
  { name: 'subscription_topics', path: '/subscription_topics', envelope: 'topics', primaryKey: [['id']], pagination: { kind: 'none' } },
  { name: 'subscription_channels', path: '/subscription_channels', envelope: 'channels', primaryKey: [['id']], pagination: { kind: 'none' } },
  // Documented as integer, shown as a string in the API's own example (API.md §2.40).
  { name: 'workspaces', path: '/workspaces', envelope: 'workspaces', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { integers: ['id'] } },
  // Strings here, integers in some other answers (API.md §1.5).
  { name: 'object_types', path: '/object_types', envelope: 'types', primaryKey: [['id']], pagination: { kind: 'none' }, shape: { strings: ['id'] } },
  { name: 'info_ip_addresses', path: '/info/ip_addresses', envelope: 'ip_addresses', primaryKey: [['ip']], pagination: { kind: 'none' }, toRecord: ipRecord },

  // Event streams with their own readers.
  {
    name: 'activities', path: '/activities', envelope: 'activities', primaryKey: [['id']], cursor: { field: 'timestamp', filter: 'newest_first' },
    pagination: { kind: 'cursor', limit: 100 }, custom: 'activities', personal: true, shape: ACTIVITY,
  },
  {
    name: 'messages', path: '/messages', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'created', filter: 'window' },
    pagination: { kind: 'cursor', limit: 1000 }, custom: 'messages', configQuery: messageTypeQuery, personal: true, windowDays: SIX_MONTHS, shape: DELIVERY,
  },

  // Children of account-level lists.
  {
    name: 'campaign_actions', path: '/campaigns/{campaign_id}/actions', envelope: 'actions', primaryKey: [['campaign_id'], ['id']],
    cursor: { field: 'updated', filter: 'client' }, parent: { stream: 'campaigns', fields: { campaign_id: 'id' } },
    pagination: { kind: 'cursor' }, shape: ACTION,
  },
  {
    name: 'broadcast_actions', path: '/broadcasts/{broadcast_id}/actions', envelope: 'actions', primaryKey: [['broadcast_id'], ['id']],
    cursor: { field: 'updated', filter: 'client' }, parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } },
    pagination: { kind: 'none' }, shape: ACTION,
  },
  {
    name: 'newsletter_variants', path: '/newsletters/{newsletter_id}/contents', envelope: 'contents', primaryKey: [['newsletter_id'], ['id']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' },
    shape: { integers: ['id', 'newsletter_id', 'from_id', 'reply_to_id'] },
  },
  {
    name: 'newsletter_test_groups', path: '/newsletters/{newsletter_id}/test_groups', envelope: 'test_groups', primaryKey: [['newsletter_id'], ['id']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' },
    // Typed as strings, sent as integers (API.md §2.16).
    shape: { integerLists: ['content_ids'] },
  },
  {
    name: 'segment_membership', path: '/segments/{segment_id}/membership', envelope: 'identifiers', primaryKey: [['segment_id'], ['cio_id']],
    parent: { stream: 'segments', fields: { segment_id: 'id' } }, pagination: { kind: 'cursor', limit: 30000 }, personal: true,
    shape: PERSON_IDS,
  },
  // One object per segment, not a list. The shape is the one Airbyte's connector reads; Customer.io's
  // published spec shows no example of it (API.md §2.17).
  {
    name: 'segment_usage', path: '/segments/{segment_id}/used_by', envelope: 'used_by', primaryKey: [['segment_id']],
    parent: { stream: 'segments', fields: { segment_id: 'id' } }, pagination: { kind: 'single' },
    shape: { integers: ['segment_id'], integerLists: ['campaigns', 'sent_newsletters', 'draft_newsletters'] },
  },

  // Deliveries of each parent, in start_ts/end_ts windows.
  {
    name: 'campaign_messages', path: '/campaigns/{campaign_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'created', filter: 'window' },
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, pagination: { kind: 'cursor', limit: 1000 }, configQuery: messageTypeQuery, personal: true,
    windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },
  {
    name: 'broadcast_messages', path: '/broadcasts/{broadcast_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'created', filter: 'window' },
    parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } }, pagination: { kind: 'cursor', limit: 1000 }, configQuery: messageTypeQuery, personal: true,
    windowDays: SIX_MONTHS, shape: DELIVERY,
  },
  {
    name: 'newsletter_messages', path: '/newsletters/{newsletter_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'created', filter: 'window' },
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'cursor', limit: 1000 }, configQuery: messageTypeQuery, personal: true,
    windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },
  {
    name: 'transactional_message_deliveries', path: '/transactional/{transactional_message_id}/messages', envelope: 'messages', primaryKey: [['id']],
    cursor: { field: 'created', filter: 'window' }, parent: { stream: 'transactional_messages', fields: { transactional_message_id: 'id' } },
    pagination: { kind: 'cursor', limit: 1000 }, personal: true, windowDays: TWELVE_MONTHS, shape: DELIVERY,
  },

  // People: one tree of the read plan over the people search (streams/plan). The streams below
  // customers are its children: they copy the person's cio_id and are read per search page.
  {
    name: 'customers', path: '/customers', method: 'POST', envelope: 'identifiers', primaryKey: [['cio_id']], pagination: { kind: 'cursor', limit: 1000 },
    personal: true, probeBody: { filter: EVERYONE_FILTER }, toRecord: personRecord, configBody: (c) => ({ filter: c.customerFilter ?? EVERYONE_FILTER }),
    // Per-person endpoints: many people at once keeps the budget busy; the limiter sets the pace.
    // A person deleted between the search and a request of theirs is routine, not a warning.
    childConcurrency: 10, childNotFound: 'debug',
  },
  {
    name: 'customer_attributes', path: '/customers/attributes', method: 'POST', envelope: 'customers', primaryKey: [['cio_id']], pagination: { kind: 'none' },
    parent: { stream: 'customers', fields: { cio_id: 'cio_id' } }, personal: true, query: { id_type: 'cio_id' },
    // 100 people per request, never one request per person.
    batch: { size: 100, parentField: 'cio_id', body: (ids) => ({ ids }) },
    toRecord: attributesRecord, configRecord: (record, c) => pickAttributes(record, c.customerAttributes),
  },
  {
    name: 'customer_activities', path: '/customers/{customer_cio_id}/activities', envelope: 'activities', primaryKey: [['id']], pagination: { kind: 'cursor', limit: 100 },
    parent: { stream: 'customers', fields: { customer_cio_id: 'cio_id' } }, query: { id_type: 'cio_id' }, personal: true,
    shape: ACTIVITY,
  },
  {
    name: 'customer_messages', path: '/customers/{customer_cio_id}/messages', envelope: 'messages', primaryKey: [['id']], cursor: { field: 'created', filter: 'window' },
    parent: { stream: 'customers', fields: { customer_cio_id: 'cio_id' } }, pagination: { kind: 'cursor', limit: 1000 }, query: { id_type: 'cio_id' }, personal: true,
    // This listing documents msg_template_id as a string (API.md §2.24); other answers send an integer.
    windowDays: SIX_MONTHS, shape: { ...DELIVERY, strings: ['customer_id', 'msg_template_id'] },
  },
  {
    name: 'customer_relationships', path: '/customers/{customer_id}/relationships', envelope: 'cio_relationships', primaryKey: [['customer_id'], ['object_type_id'], ['object_id']],
    parent: { stream: 'customers', fields: { customer_id: 'cio_id' } }, pagination: { kind: 'cursor', limit: 1000 }, query: { id_type: 'cio_id' }, personal: true,
    toRecord: relationshipRecord,
  },

  // Objects of every type, through the object search.
  {
    name: 'objects', path: '/objects', method: 'POST', envelope: 'identifiers', primaryKey: [['object_type_id'], ['object_id']],
    parent: { stream: 'object_types', fields: { object_type_id: 'id' } }, pagination: { kind: 'cursor', limit: 1000 },
    body: (f) => ({ object_type_id: String(f['object_type_id']), filter: { object_attribute: { field: 'object_id', operator: 'exists', type_id: String(f['object_type_id']) } } }),
    toRecord: (item) => {
      const o = isObject(item) ? item : {};
      return { object_id: String(o['object_id'] ?? ''), cio_object_id: typeof o['cio_object_id'] === 'string' ? o['cio_object_id'] : null };
    },
  },
  // The workspace-wide lists, then each configured sending domain's. The domain lists page by a
  // `start` token, not by offset (API.md §2.41). `domain` is "" rather than null for the
  // workspace-wide lists: it is part of the key, and destinations dedupe unevenly on null.
  {
    name: 'esp_suppressions', path: '/esp/suppression/{type}', envelope: 'suppressions', primaryKey: [['domain'], ['type'], ['email']],
    pagination: { kind: 'offset', limit: 1000 }, custom: 'partitioned', personal: true,
    partitions: { param: 'type', values: ['bounces', 'blocks', 'spam_reports', 'invalid_emails'], in: 'path' },
    scopes: { param: 'domain', values: (c) => c.espSuppressionDomains, path: '/esp/domains/{domain}/suppression/{type}', pagination: { kind: 'cursor', limit: 1000 }, unscoped: '' },
  },

  // Metrics: one row per parent x period x bucket.
  {
    name: 'campaign_metrics', path: '/campaigns/{campaign_id}/metrics', envelope: 'metric', primaryKey: [['campaign_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 2, shape: 'series' },
  },
  {
    name: 'campaign_action_metrics', path: '/campaigns/{campaign_id}/actions/{action_id}/metrics', envelope: 'metric',
    primaryKey: [['campaign_id'], ['action_id'], ['period'], ['period_start']],
    parent: { stream: 'campaign_actions', fields: { campaign_id: 'campaign_id', action_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 2, shape: 'series' },
  },
  {
    name: 'broadcast_metrics', path: '/broadcasts/{broadcast_id}/metrics', envelope: 'metric', primaryKey: [['broadcast_id'], ['period'], ['period_start']],
    parent: { stream: 'broadcasts', fields: { broadcast_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'broadcast_action_metrics', path: '/broadcasts/{broadcast_id}/actions/{action_id}/metrics', envelope: 'metric',
    primaryKey: [['broadcast_id'], ['action_id'], ['period'], ['period_start']],
    parent: { stream: 'broadcast_actions', fields: { broadcast_id: 'broadcast_id', action_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'newsletter_metrics', path: '/newsletters/{newsletter_id}/metrics', envelope: 'metric', primaryKey: [['newsletter_id'], ['period'], ['period_start']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' },
    metrics: { version: 1, shape: 'series', monthSteps: 121, typeColumn: true },
  },
  {
    name: 'transactional_message_metrics', path: '/transactional/{transactional_message_id}/metrics', envelope: 'metric',
    primaryKey: [['transactional_message_id'], ['period'], ['period_start']],
    parent: { stream: 'transactional_messages', fields: { transactional_message_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 1, shape: 'series' },
  },
  {
    name: 'campaign_journey_metrics', path: '/campaigns/{campaign_id}/journey_metrics', envelope: 'journey_metric', primaryKey: [['campaign_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 2, shape: 'journey' },
  },
  {
    name: 'campaign_link_metrics', path: '/campaigns/{campaign_id}/metrics/links', envelope: 'links', primaryKey: [['campaign_id'], ['link_id'], ['period'], ['period_start']],
    parent: { stream: 'campaigns', fields: { campaign_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 1, shape: 'links' },
    shape: LINK,
  },
  {
    name: 'newsletter_link_metrics', path: '/newsletters/{newsletter_id}/metrics/links', envelope: 'links', primaryKey: [['newsletter_id'], ['link_id'], ['period'], ['period_start']],
    parent: { stream: 'newsletters', fields: { newsletter_id: 'id' } }, pagination: { kind: 'none' }, metrics: { version: 1, shape: 'links', monthSteps: 121 },
    shape: LINK,
  },
];

export const STREAMS_BY_NAME: ReadonlyMap<string, StreamDefinition> = new Map(STREAMS.map((s) => [s.name, s]));
