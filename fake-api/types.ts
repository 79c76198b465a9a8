// Entity shapes served by the fake API. Field names and types follow
// /work/shared/customerio/API.md §2: ids and timestamps are integers (unix seconds) unless
// the API sends strings (cio_id, object ids, object type ids, delivery and activity ids).
// Fields marked "internal" are kept for the fake's own bookkeeping and are not echoed.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a person is identified in most responses. */
export interface Identifiers {
  id: string | null;
  email: string | null;
  cio_id: string;
}

export interface ActionSummary {
  id: number;
  type: string;
}

// §2.1
export interface Campaign {
  id: number;
  name: string;
  description: string;
  active: boolean;
  state: 'running' | 'draft' | 'stopped';
  created: number;
  updated: number;
  /** 0 when the campaign never started. */
  first_started: number;
  deduplicate_id: string;
  tags: string[];
  actions: ActionSummary[];
  filter_segment_ids: number[];
  msg_templates: { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[];
  type: 'segment' | 'event' | 'date';
  trigger_segment_ids?: number[];
  event_name?: string;
  date_attribute?: string;
  frequency?: 'once' | 'monthly' | 'yearly';
  start_hour?: number;
  start_minutes?: number;
  timezone?: string;
  use_customer_timezone?: boolean;
}

export type ActionType = 'email' | 'push' | 'in_app' | 'slack' | 'twilio' | 'whatsapp' | 'webhook';

/** Fields every action shape carries (§2.2). */
export interface ActionCommon {
  id: number;
  parent_action_id: number | null;
  name: string;
  type: ActionType;
  language: string;
  sending_state: 'automatic' | 'draft' | 'off';
  created: number;
  updated: number;
  deduplicate_id: string;
}

/** Type-specific action fields (§2.2 oneOf); only the ones matching `type` are set. */
export interface ActionContent {
  subject?: string;
  body?: string;
  body_amp?: string | null;
  preheader_text?: string;
  from?: string;
  from_id?: number;
  reply_to?: string | null;
  reply_to_id?: number | null;
  recipient?: string;
  bcc?: string;
  cc?: string;
  fake_bcc?: boolean;
  headers?: string;
  layout?: string;
  preprocessor?: string;
  image_url?: string | null;
  body_json?: string;
  sender_identity_id?: number;
  send_to_unsubscribed?: boolean;
  tracked?: boolean;
  url?: string;
  method?: 'get' | 'post' | 'put' | 'delete' | 'patch';
}

export interface CampaignAction extends ActionCommon, ActionContent {
  campaign_id: number;
}

export interface BroadcastAction extends ActionCommon, ActionContent {
  broadcast_id: number;
}

// §2.8
export interface Broadcast {
  id: number;
  name: string;
  type: 'triggered_broadcast';
  state: 'running' | 'draft';
  active: boolean;
  created: number;
  updated: number;
  first_started: number;
  deduplicate_id: string;
  tags: string[];
  /** Summary types use "sms" where the action itself says "twilio". */
  actions: ActionSummary[];
  /** Deprecated; the actions' ids again, for the channels templates know. */
  msg_template_ids: { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[];
}

export type NewsletterType = 'email' | 'webhook' | 'twilio' | 'push' | 'in_app' | 'inbox';

// §2.12
export interface Newsletter {
  id: number;
  name: string;
  type: NewsletterType;
  created: number;
  updated: number;
  sent_at: number | null;
  content_ids: number[];
  recipient_segment_ids: number[];
  subscription_topic_id: number | null;
  tags: string[];
  deduplicate_id: string;
}

// §2.15
export interface NewsletterContent {
  id: number;
  newsletter_id: number;
  name: string;
  type: NewsletterType;
  language: string;
  subject: string;
  body: string;
  body_amp: string | null;
  preheader_text: string;
  from: string;
  from_id: number;
  reply_to: string | null;
  reply_to_id: number | null;
  recipient: string;
  bcc: string;
  cc: string;
  fake_bcc: boolean;
  headers: string;
  layout: string;
  preprocessor: string;
  deduplicate_id: string;
}

// §2.16. newsletter_id is internal: the API answers per newsletter and does not echo it.
export interface NewsletterTestGroup {
  newsletter_id: number;
  id: number;
  name: string;
  label: string;
  winner: boolean;
  content_ids: number[];
}

// §2.17
export interface Segment {
  id: number;
  name: string;
  description: string;
  type: 'dynamic' | 'manual';
  state: 'events' | 'build' | 'events_queued' | 'build_queued' | 'finished';
  progress: number | null;
  tags: string[] | null;
  created_at: number;
  updated_at: number;
  deduplicate_id: string;
}

export interface SegmentMember {
  segment_id: number;
  cio_id: string;
}

export interface Device {
  id: string;
  platform: 'ios' | 'android';
  last_used: number;
  attributes: Record<string, string>;
}

// §2.22: the customer object exactly as the attributes endpoints return it.
export interface Person {
  id: string | null;
  identifiers: Identifiers;
  /** All values are strings, as the API sends them. */
  attributes: Record<string, string>;
  timestamps: Record<string, number>;
  unsubscribed: boolean;
  devices: Device[];
}

// §2.25 (stored flat; the endpoint nests object_id/cio_object_id under `identifiers`).
export interface Relationship {
  cio_id: string;
  object_type_id: number;
  object_id: string;
  cio_object_id: string;
  attributes: Record<string, string>;
  timestamps: Record<string, number>;
}

// §2.31
export interface ObjectType {
  id: string;
  name: string;
  singular_name: string;
  slug: string;
  singular_slug: string;
  icon: string;
  enabled: boolean;
}

// §2.32. attributes are internal: search only returns identifiers, but filters read them.
export interface ObjectRecord {
  object_type_id: string;
  object_id: string;
  cio_object_id: string;
  attributes: Record<string, string>;
}

// §2.28
export interface Collection {
  id: number;
  name: string;
  bytes: number;
  rows: number;
  schema: string[];
  created_at: number;
  updated_at: number;
}

// §2.29
export interface Export {
  id: number;
  type: 'customers' | 'deliveries';
  status: 'done' | 'pending' | 'failed';
  failed: boolean;
  total: number;
  downloads: number;
  description: string;
  user_id: number;
  user_email: string;
  created_at: number;
  updated_at: number;
  deduplicate_id: string;
}

// §2.35: no id; `name` is the key.
export interface Snippet {
  name: string;
  value: string;
  updated_at: number;
}

// §2.37
export interface TransactionalMessage {
  id: number;
  name: string;
  description: string;
  send_to_unsubscribed: boolean;
  link_tracking: boolean;
  open_tracking: boolean;
  hide_message_body: boolean;
  queue_drafts: boolean;
  created_at: number;
  updated_at: number;
}

// §2.34
export interface SenderIdentity {
  id: number;
  name: string;
  email: string | null;
  address: string;
  template_type: 'email' | 'phone';
  auto_generated: boolean;
  hidden: boolean;
  phone: string | null;
  deduplicate_id: string;
}

// §2.33
export interface ReportingWebhook {
  id: number;
  name: string;
  endpoint: string;
  events: string[];
  disabled: boolean;
  full_resolution: boolean;
  with_content: boolean;
  type: 'webhook' | 'js';
}

// §2.36
export interface SubscriptionTopic {
  id: number;
  identifier: string;
  name: string;
  description: string;
  subscribed_by_default: boolean;
}

export interface SubscriptionChannel {
  id: number;
  name: string;
  description: string;
  type: string;
  subscribed_by_default: boolean;
}

// §2.40
export interface Workspace {
  id: number;
  name: string;
  messages_sent: number;
  billable_messages_sent: number;
  people: number;
  objects: number;
  object_types: number;
}

export type DeliveryType = 'email' | 'webhook' | 'twilio' | 'push' | 'in_app' | 'slack' | 'whatsapp' | 'inbox';

export type DeliveryMetricName =
  | 'created'
  | 'drafted'
  | 'attempted'
  | 'sent'
  | 'delivered'
  | 'opened'
  | 'clicked'
  | 'converted'
  | 'bounced'
  | 'dropped'
  | 'failed'
  | 'spammed'
  | 'undeliverable'
  | 'unsubscribed'
  | 'human_opened'
  | 'human_clicked'
  | 'prefetch_opened'
  | 'prefetch_clicked';

// §2.20: one delivery of a campaign, broadcast, newsletter or transactional message.
export interface Delivery {
  id: string;
  deduplicate_id: string;
  action_id: number | null;
  campaign_id: number | null;
  broadcast_id: number | null;
  newsletter_id: number | null;
  content_id: number | null;
  parent_action_id: number | null;
  trigger_event_id: string | null;
  customer_id: string | null;
  customer_identifiers: Identifiers;
  recipient: string;
  subject: string | null;
  type: DeliveryType;
  created: number;
  failure_message: string | null;
  forgotten: boolean;
  msg_template_id: number | null;
  /** metric name -> unix time it first happened; only recorded metrics are present. */
  metrics: Partial<Record<DeliveryMetricName, number>>;
}

// §2.27. Optional fields are present only for the activity types that carry them.
export interface Activity {
  id: string;
  type: string;
  timestamp: number;
  customer_id: string | null;
  customer_identifiers: Identifiers;
  name?: string;
  url?: string;
  delivery_id?: string;
  delivery_type?: 'ios' | 'android' | 'email' | 'phone';
  data?: { [key: string]: JsonValue };
}

export type SuppressionType = 'bounces' | 'blocks' | 'spam_reports' | 'invalid_emails';

/** `type` is internal (it is the path segment); the endpoint returns email, created, reason, status. */
export interface Suppression {
  type: SuppressionType;
  email: string;
  created: number;
  reason: string;
  /** The provider's status code, as a string ("550"). */
  status: string;
}

/** A suppression on one sending domain's list; `domain` is internal too (the path segment). */
export interface DomainSuppression extends Suppression {
  domain: string;
}

export interface DatasetSizes {
  campaigns: number;
  actionsPerCampaign: number;
  broadcasts: number;
  newsletters: number;
  segments: number;
  people: number;
  messages: number;
  activities: number;
  objectTypes: number;
  objectsPerType: number;
  collections: number;
  exports: number;
  snippets: number;
  transactional: number;
  senderIdentities: number;
  reportingWebhooks: number;
  subscriptionTopics: number;
  suppressionsPerType: number;
}

/**
 * Everything the fake serves. A plain object of plain arrays: tests may read and change it
 * between requests (prefer the helpers in mutate.ts, which keep the orderings below).
 *
 * Orderings the server relies on. It re-checks them when an array's length or first/last item
 * changes and then serves a sorted private copy if needed (slow); after reordering edits that keep
 * those, call sortDataset() from mutate.ts:
 * - `messages`: newest first (created desc, then id desc).
 * - `activities`: newest first (timestamp desc, then id desc).
 * - `people`: by identifiers.cio_id ascending.
 */
export interface Dataset {
  seed: number;
  /** The "current time" (unix seconds) that default windows and v1 metrics are relative to. */
  now: number;
  sizes: DatasetSizes;
  campaigns: Campaign[];
  campaignActions: CampaignAction[];
  broadcasts: Broadcast[];
  broadcastActions: BroadcastAction[];
  newsletters: Newsletter[];
  newsletterContents: NewsletterContent[];
  newsletterTestGroups: NewsletterTestGroup[];
  segments: Segment[];
  segmentMembers: SegmentMember[];
  people: Person[];
  /** People deleted from the workspace whose activities remain (served only with deleted=true). */
  deletedPeople: Identifiers[];
  relationships: Relationship[];
  objectTypes: ObjectType[];
  objects: ObjectRecord[];
  collections: Collection[];
  exports: Export[];
  snippets: Snippet[];
  transactional: TransactionalMessage[];
  senderIdentities: SenderIdentity[];
  reportingWebhooks: ReportingWebhook[];
  subscriptionTopics: SubscriptionTopic[];
  subscriptionChannels: SubscriptionChannel[];
  workspaces: Workspace[];
  ipAddresses: string[];
  messages: Delivery[];
  /** delivery id -> transactional message id, for transactional deliveries (the API does not echo it). */
  transactionalIdByDeliveryId: Record<string, number>;
  activities: Activity[];
  suppressions: Suppression[];
  /** Domains the workspace sends email from; each keeps suppression lists of its own. */
  sendingDomains: string[];
  /** Per sending domain and type, oldest first; some addresses are also on the workspace-wide lists. */
  domainSuppressions: DomainSuppression[];
}
