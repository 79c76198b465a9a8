// Generates the workspace "catalog": campaigns, broadcasts, newsletters, segments and the other
// small unpaged lists. Timestamps spread over the ~400 days before `now`.
import type { Rng } from '../random.js';
import type {
  ActionType,
  Broadcast,
  BroadcastAction,
  Campaign,
  CampaignAction,
  Collection,
  Export,
  Newsletter,
  NewsletterContent,
  NewsletterTestGroup,
  NewsletterType,
  ObjectType,
  ReportingWebhook,
  Segment,
  SenderIdentity,
  Snippet,
  SubscriptionChannel,
  SubscriptionTopic,
  TransactionalMessage,
} from '../types.js';
import { BROADCAST_ACTION_TYPES, CAMPAIGN_ACTION_TYPES, buildAction, summaryType, templateType } from './actions.js';
import { DAY, campaignLikeName, dedupId, someTags, timeBefore, timeBetween } from './common.js';

const CATALOG_AGE_DAYS = 400;

/** Shared counter so campaign and broadcast actions never share an id. */
export class ActionIds {
  private nextId = 100;
  take(): number {
    return this.nextId++;
  }
}

function createdAndUpdated(rng: Rng, now: number): { created: number; updated: number } {
  const created = timeBefore(rng, now, CATALOG_AGE_DAYS, 2 * DAY);
  return { created, updated: timeBetween(rng, created, now - 3600) };
}

export function generateSegments(rng: Rng, now: number, count: number): Segment[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const building = rng.chance(0.1);
    return {
      id,
      name: `${campaignLikeName(rng, id)} audience`,
      description: `People matching rule set ${id}`,
      type: rng.chance(0.3) ? 'manual' : 'dynamic',
      state: building ? 'build' : 'finished',
      progress: building ? rng.int(0, 99) : null,
      tags: rng.chance(0.5) ? someTags(rng) : null,
      created_at: created,
      updated_at: updated,
      deduplicate_id: dedupId(id, updated),
    };
  });
}

export function generateSenderIdentities(rng: Rng, count: number, now: number): SenderIdentity[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const phone = i > 0 && rng.chance(0.25);
    const name = phone ? `SMS sender ${id}` : `Sender ${id}`;
    const email = phone ? null : `sender${id}@example.com`;
    return {
      id,
      name,
      email,
      address: phone ? `+1555000${String(1000 + id)}` : `${name} <${email}>`,
      template_type: phone ? 'phone' : 'email',
      auto_generated: rng.chance(0.1),
      hidden: rng.chance(0.15),
      phone: phone ? `+1555000${String(1000 + id)}` : null,
      deduplicate_id: dedupId(id, timeBefore(rng, now, CATALOG_AGE_DAYS, DAY)),
    };
  });
}

/** The deprecated template list: actions of the four channels templates know. */
function templatesOf(actions: readonly { id: number; type: ActionType }[]): { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[] {
  return actions.flatMap((a) => {
    const type = templateType(a.type);
    return type ? [{ id: a.id, type }] : [];
  });
}

export interface CampaignCatalog {
  campaigns: Campaign[];
  campaignActions: CampaignAction[];
}

export function generateCampaigns(
  rng: Rng,
  now: number,
  counts: { campaigns: number; actionsPerCampaign: number },
  segmentIds: readonly number[],
  senderIds: readonly number[],
  actionIds: ActionIds,
): CampaignCatalog {
  const campaigns: Campaign[] = [];
  const campaignActions: CampaignAction[] = [];
  for (let i = 0; i < counts.campaigns; i++) {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const state = rng.weighted([
      ['running', 70],
      ['draft', 15],
      ['stopped', 15],
    ] as const);
    const actions: CampaignAction[] = [];
    let parentId: number | null = null;
    for (let a = 0; a < counts.actionsPerCampaign; a++) {
      const type = rng.weighted(CAMPAIGN_ACTION_TYPES);
      const action = buildAction(rng, { id: actionIds.take(), type, parentId, notBefore: created, now, senderIds });
      actions.push({ ...action, campaign_id: id });
      parentId = action.id;
    }
    campaignActions.push(...actions);
    const campaign: Campaign = {
      id,
      name: campaignLikeName(rng, id),
      description: `Automation ${id} generated for tests`,
      active: state === 'running',
      state,
      created,
      updated,
      first_started: state === 'draft' ? 0 : timeBetween(rng, created, updated),
      deduplicate_id: dedupId(id, updated),
      tags: someTags(rng),
      actions: actions.map((a) => ({ id: a.id, type: a.type })),
      filter_segment_ids: segmentIds.length > 0 ? rng.sample(segmentIds, rng.int(0, 2)) : [],
      msg_templates: templatesOf(actions),
      type: rng.weighted([
        ['segment', 50],
        ['event', 35],
        ['date', 15],
      ] as const),
    };
    if (campaign.type === 'segment') {
      campaign.trigger_segment_ids = segmentIds.length > 0 ? [rng.pick(segmentIds)] : [];
    } else if (campaign.type === 'event') {
      campaign.event_name = rng.pick(['signed_up', 'purchased', 'cart_abandoned', 'trial_started']);
    } else {
      campaign.date_attribute = 'renewal_date';
      campaign.frequency = rng.pick(['once', 'monthly', 'yearly'] as const);
      campaign.start_hour = rng.int(0, 23);
      campaign.start_minutes = rng.pick([0, 15, 30, 45]);
      campaign.timezone = rng.pick(['UTC', 'America/New_York', 'Europe/Berlin']);
      campaign.use_customer_timezone = rng.chance(0.5);
    }
    campaigns.push(campaign);
  }
  return { campaigns, campaignActions };
}

export interface BroadcastCatalog {
  broadcasts: Broadcast[];
  broadcastActions: BroadcastAction[];
}

export function generateBroadcasts(
  rng: Rng,
  now: number,
  count: number,
  firstId: number,
  senderIds: readonly number[],
  actionIds: ActionIds,
): BroadcastCatalog {
  const broadcasts: Broadcast[] = [];
  const broadcastActions: BroadcastAction[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const { created, updated } = createdAndUpdated(rng, now);
    const running = rng.chance(0.8);
    const actions: BroadcastAction[] = [];
    let parentId: number | null = null;
    for (let a = rng.int(1, 3); a > 0; a--) {
      const type = rng.weighted(BROADCAST_ACTION_TYPES);
      const action = buildAction(rng, { id: actionIds.take(), type, parentId, notBefore: created, now, senderIds });
      actions.push({ ...action, broadcast_id: id });
      parentId = action.id;
    }
    broadcastActions.push(...actions);
    broadcasts.push({
      id,
      name: `Broadcast ${campaignLikeName(rng, id)}`,
      type: 'triggered_broadcast',
      state: running ? 'running' : 'draft',
      active: running,
      created,
      updated,
      first_started: running ? timeBetween(rng, created, updated) : 0,
      deduplicate_id: dedupId(id, updated),
      tags: someTags(rng),
      actions: actions.map((a) => ({ id: a.id, type: summaryType(a.type) })),
      msg_template_ids: templatesOf(actions),
    });
  }
  return { broadcasts, broadcastActions };
}

export interface NewsletterCatalog {
  newsletters: Newsletter[];
  newsletterContents: NewsletterContent[];
  newsletterTestGroups: NewsletterTestGroup[];
}

const NEWSLETTER_TYPES: readonly (readonly [NewsletterType, number])[] = [
  ['email', 70],
  ['push', 10],
  ['twilio', 8],
  ['in_app', 5],
  ['webhook', 4],
  ['inbox', 3],
];

export function generateNewsletters(
  rng: Rng,
  now: number,
  count: number,
  segmentIds: readonly number[],
  topicIds: readonly number[],
  senderIds: readonly number[],
): NewsletterCatalog {
  const newsletters: Newsletter[] = [];
  const newsletterContents: NewsletterContent[] = [];
  const newsletterTestGroups: NewsletterTestGroup[] = [];
  let nextContentId = 1;
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const type = rng.weighted(NEWSLETTER_TYPES);
    const sent = rng.chance(0.9);
    const contentIds = Array.from({ length: rng.int(1, 3) }, () => nextContentId++);
    for (const contentId of contentIds) {
      const senderId = senderIds.length > 0 ? rng.pick(senderIds) : 1;
      newsletterContents.push({
        id: contentId,
        newsletter_id: id,
        name: `Variant ${contentId}`,
        type,
        language: '',
        subject: `Newsletter ${id}: news you can use`,
        body: `<p>Edition ${id}, variant ${contentId}</p>`,
        body_amp: null,
        preheader_text: 'This week in brief',
        from: 'News <news@example.com>',
        from_id: senderId,
        reply_to: null,
        reply_to_id: null,
        recipient: '{{customer.email}}',
        bcc: '',
        cc: '',
        fake_bcc: false,
        headers: '[]',
        layout: 'newsletter',
        preprocessor: 'premailer',
        deduplicate_id: dedupId(contentId, updated),
      });
    }
    if (contentIds.length > 1) {
      contentIds.forEach((contentId, index) => {
        newsletterTestGroups.push({
          newsletter_id: id,
          id: index,
          name: String.fromCharCode(65 + index),
          label: `test ${index + 1}`,
          winner: sent && index === 0,
          content_ids: [contentId],
        });
      });
    }
    newsletters.push({
      id,
      name: `Newsletter ${campaignLikeName(rng, id)}`,
      type,
      created,
      updated,
      sent_at: sent ? timeBetween(rng, created, updated) : null,
      content_ids: contentIds,
      recipient_segment_ids: segmentIds.length > 0 ? rng.sample(segmentIds, rng.int(1, 2)) : [],
      subscription_topic_id: topicIds.length > 0 && rng.chance(0.6) ? rng.pick(topicIds) : null,
      tags: someTags(rng),
      deduplicate_id: dedupId(id, updated),
    });
  }
  return { newsletters, newsletterContents, newsletterTestGroups };
}

export function generateCollections(rng: Rng, now: number, count: number): Collection[] {
  return Array.from({ length: count }, (_, i) => {
    const { created, updated } = createdAndUpdated(rng, now);
    const rows = rng.int(1, 500);
    return {
      id: i + 1,
      name: `${campaignLikeName(rng, i + 1).toLowerCase()} data`,
      bytes: rows * rng.int(40, 400),
      rows,
      schema: rng.sample(['eventDate', 'eventName', 'presents', 'sku', 'price', 'city', 'venue'], 4),
      created_at: created,
      updated_at: updated,
    };
  });
}

export function generateExports(rng: Rng, now: number, count: number): Export[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const status = rng.weighted([
      ['done', 80],
      ['pending', 10],
      ['failed', 10],
    ] as const);
    return {
      id,
      type: rng.chance(0.6) ? 'customers' : 'deliveries',
      status,
      failed: status === 'failed',
      total: status === 'done' ? rng.int(1, 50000) : 0,
      downloads: status === 'done' ? rng.int(0, 5) : 0,
      description: `Export ${id} for the analytics team`,
      user_id: rng.int(0, 20),
      user_email: `analyst${rng.int(1, 5)}@example.com`,
      created_at: created,
      updated_at: updated,
      deduplicate_id: dedupId(id, updated),
    };
  });
}

export function generateSnippets(rng: Rng, now: number, count: number): Snippet[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `snippet_${i + 1}`,
    value: `<strong>Example Co</strong> block ${i + 1}`,
    updated_at: timeBefore(rng, now, CATALOG_AGE_DAYS, 3600),
  }));
}

const TRANSACTIONAL_NAMES = ['password reset', 'receipt', 'magic link', 'shipping update', 'invoice'];

export function generateTransactional(rng: Rng, now: number, count: number): TransactionalMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const { created, updated } = createdAndUpdated(rng, now);
    const base = TRANSACTIONAL_NAMES[i % TRANSACTIONAL_NAMES.length] ?? 'notice';
    return {
      id: i + 1,
      name: i < TRANSACTIONAL_NAMES.length ? base : `${base} ${i + 1}`,
      description: `Sends the ${base} message.`,
      send_to_unsubscribed: rng.chance(0.7),
      link_tracking: rng.chance(0.8),
      open_tracking: rng.chance(0.8),
      hide_message_body: rng.chance(0.2),
      queue_drafts: rng.chance(0.1),
      created_at: created,
      updated_at: updated,
    };
  });
}

const WEBHOOK_EVENTS = [
  'customer_subscribed',
  'customer_unsubscribed',
  'customer_subscription_preferences_changed',
  'email_sent',
  'email_delivered',
  'email_opened',
  'email_clicked',
  'email_bounced',
  'email_failed',
  'push_sent',
  'sms_delivered',
  'webhook_failed',
];

export function generateReportingWebhooks(rng: Rng, count: number): ReportingWebhook[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `reporting hook ${i + 1}`,
    endpoint: `https://reports.example.com/hook/${i + 1}`,
    events: rng.sample(WEBHOOK_EVENTS, rng.int(2, 6)),
    disabled: rng.chance(0.2),
    full_resolution: rng.chance(0.5),
    with_content: rng.chance(0.3),
    type: rng.chance(0.85) ? 'webhook' : 'js',
  }));
}

export function generateSubscriptionTopics(rng: Rng, count: number): SubscriptionTopic[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    identifier: `topic_${i + 1}`,
    name: `${campaignLikeName(rng, i + 1)} topic`,
    description: `For people who want topic ${i + 1}.`,
    subscribed_by_default: rng.chance(0.5),
  }));
}

export function subscriptionChannels(): SubscriptionChannel[] {
  return [
    { id: 1, name: 'Email', description: 'Email messages', type: 'email', subscribed_by_default: true },
    { id: 2, name: 'SMS', description: 'Text messages', type: 'sms', subscribed_by_default: false },
    { id: 3, name: 'Push', description: 'Mobile push notifications', type: 'push', subscribed_by_default: true },
    { id: 4, name: 'In-App', description: 'In-app messages', type: 'in_app', subscribed_by_default: true },
  ];
}

const OBJECT_TYPE_NAMES = [
  ['Accounts', 'Account', 'building'],
  ['Concerts', 'Concert', 'calendar'],
  ['Courses', 'Course', 'book'],
  ['Teams', 'Team', 'users'],
  ['Venues', 'Venue', 'map'],
] as const;

export function generateObjectTypes(count: number): ObjectType[] {
  return Array.from({ length: count }, (_, i) => {
    const [plural, singular, icon] = OBJECT_TYPE_NAMES[i % OBJECT_TYPE_NAMES.length] ?? ['Things', 'Thing', 'box'];
    const suffix = i < OBJECT_TYPE_NAMES.length ? '' : ` ${i + 1}`;
    return {
      id: String(i + 1),
      name: plural + suffix,
      singular_name: singular + suffix,
      slug: (plural + suffix).toLowerCase().replace(/ /g, '_'),
      singular_slug: (singular + suffix).toLowerCase().replace(/ /g, '_'),
      icon,
      enabled: true,
    };
  });
}

export function generateIpAddresses(rng: Rng): string[] {
  const ips = new Set<string>();
  while (ips.size < 6) ips.add(`${rng.pick([34, 35, 104])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  return [...ips];
}
