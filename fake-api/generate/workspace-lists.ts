// The workspace's other lists: segments, sender identities, collections, exports, snippets,
// transactional messages, reporting webhooks, subscription topics and channels, object types and
// the sending IP addresses.
import type { Rng } from '../random.js';
import type {
  Collection,
  Export,
  ObjectType,
  ReportingWebhook,
  Segment,
  SenderIdentity,
  Snippet,
  SubscriptionChannel,
  SubscriptionTopic,
  TransactionalMessage,
} from '../types.js';
import { CATALOG_AGE_DAYS, DAY, campaignLikeName, createdAndUpdated, dedupId, someTags, timeBefore } from './common.js';

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
