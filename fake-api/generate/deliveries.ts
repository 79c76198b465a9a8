// Deliveries ("messages"): one per send of a campaign/broadcast action, newsletter variant or
// transactional message. Shared by the generator and by mutate.addMessages.
import { deliveryId, ulid } from '../ids.js';
import type { Rng } from '../random.js';
import type { Dataset, Delivery, DeliveryMetricName, DeliveryType, Identifiers, Person } from '../types.js';

/** Where a delivery came from. Kept small so both the generator and mutators can build it. */
export type DeliverySource =
  | { kind: 'campaign'; campaignId: number; actionId: number; parentActionId: number | null; type: DeliveryType; subject: string | null; url: string | null; eventTriggered: boolean }
  | { kind: 'broadcast'; broadcastId: number; actionId: number; parentActionId: number | null; type: DeliveryType; subject: string | null; url: string | null }
  | { kind: 'newsletter'; newsletterId: number; contentId: number; type: DeliveryType; subject: string | null }
  | { kind: 'transactional'; transactionalId: number; subject: string };

/** Everything that can send, grouped by kind, read from the current dataset. */
export function deliverySources(dataset: Dataset): DeliverySource[][] {
  const eventCampaigns = new Set(dataset.campaigns.filter((c) => c.type === 'event').map((c) => c.id));
  const newsletterTypes = new Map(dataset.newsletters.map((n) => [n.id, n.type]));
  return [
    dataset.campaignActions.map((a) => ({
      kind: 'campaign' as const,
      campaignId: a.campaign_id,
      actionId: a.id,
      parentActionId: a.parent_action_id,
      type: a.type,
      subject: a.type === 'email' ? (a.subject ?? null) : null,
      url: a.url ?? null,
      eventTriggered: eventCampaigns.has(a.campaign_id),
    })),
    dataset.broadcastActions.map((a) => ({
      kind: 'broadcast' as const,
      broadcastId: a.broadcast_id,
      actionId: a.id,
      parentActionId: a.parent_action_id,
      type: a.type,
      subject: a.type === 'email' ? (a.subject ?? null) : null,
      url: a.url ?? null,
    })),
    dataset.newsletterContents.map((c) => {
      const type = newsletterTypes.get(c.newsletter_id) ?? c.type;
      return {
        kind: 'newsletter' as const,
        newsletterId: c.newsletter_id,
        contentId: c.id,
        type,
        subject: type === 'email' || type === 'inbox' ? c.subject : null,
      };
    }),
    dataset.transactional.map((t) => ({ kind: 'transactional' as const, transactionalId: t.id, subject: `Your ${t.name}` })),
  ];
}

const SOURCE_WEIGHTS = [60, 15, 15, 10] as const;

/**
 * Returns a picker that chooses a source kind by weight among the kinds that have any sender,
 * then a sender of that kind; undefined when nothing can send.
 */
export function sourcePicker(groups: readonly DeliverySource[][]): ((rng: Rng) => DeliverySource) | undefined {
  const available = groups
    .map((g, i) => [g, g.length > 0 ? (SOURCE_WEIGHTS[i] ?? 0) : 0] as const)
    .filter(([, w]) => w > 0);
  if (available.length === 0) return undefined;
  return (rng) => rng.pick(rng.weighted(available));
}

function recipientFor(type: DeliveryType, person: Person, url: string | null): string {
  const ids = person.identifiers;
  switch (type) {
    case 'email':
    case 'inbox':
      return ids.email ?? `${ids.cio_id}@no-email.example.com`;
    case 'twilio':
    case 'whatsapp':
      return person.attributes['phone'] ?? '+15550000000';
    case 'push':
      return person.devices[0]?.id ?? 'no-device-token';
    case 'webhook':
      return url ?? 'https://hooks.example.com/inbound';
    case 'slack':
      return '#growth';
    case 'in_app':
      return ids.id ?? ids.cio_id;
  }
}

/** First-occurrence times of each metric, in the order a send progresses. */
function deliveryMetrics(rng: Rng, type: DeliveryType, created: number, now: number): {
  metrics: Partial<Record<DeliveryMetricName, number>>;
  failure: string | null;
  lastChange: number;
} {
  const metrics: Partial<Record<DeliveryMetricName, number>> = { created };
  let t = created;
  const step = (name: DeliveryMetricName, maxDelay: number): void => {
    t = Math.min(now, t + rng.int(1, maxDelay));
    metrics[name] = t;
  };
  if (rng.chance(0.02)) {
    step('failed', 60);
    const failure = rng.pick(['Mailbox unavailable', 'Invalid recipient', 'Webhook returned 500']);
    return { metrics, failure, lastChange: t };
  }
  step('sent', 120);
  if (type === 'email' && rng.chance(0.03)) {
    step('bounced', 600);
    return { metrics, failure: null, lastChange: t };
  }
  step('delivered', 300);
  if (type === 'email' || type === 'push' || type === 'in_app' || type === 'inbox') {
    if (rng.chance(0.4)) {
      step('opened', 86400);
      if (rng.chance(0.8)) metrics.human_opened = t;
      if (rng.chance(0.35)) {
        step('clicked', 3600);
        if (rng.chance(0.9)) metrics.human_clicked = t;
      }
      if (rng.chance(0.1)) step('converted', 86400);
    }
    if (type === 'email' && rng.chance(0.01)) step('unsubscribed', 86400);
    if (type === 'email' && rng.chance(0.005)) step('spammed', 86400);
  }
  return { metrics, failure: null, lastChange: t };
}

export interface BuiltDelivery {
  delivery: Delivery;
  transactionalId: number | undefined;
}

export function buildDelivery(
  rng: Rng,
  serial: number,
  created: number,
  source: DeliverySource,
  person: Person,
  now: number,
): BuiltDelivery {
  const id = deliveryId(rng, serial);
  const identifiers: Identifiers = { ...person.identifiers };
  const type: DeliveryType = source.kind === 'transactional' ? 'email' : source.type;
  const { metrics, failure, lastChange } = deliveryMetrics(rng, type, created, now);
  const delivery: Delivery = {
    id,
    deduplicate_id: `${id}:${lastChange}`,
    action_id: source.kind === 'campaign' || source.kind === 'broadcast' ? source.actionId : null,
    campaign_id: source.kind === 'campaign' ? source.campaignId : null,
    broadcast_id: source.kind === 'broadcast' ? source.broadcastId : null,
    newsletter_id: source.kind === 'newsletter' ? source.newsletterId : null,
    content_id: source.kind === 'newsletter' ? source.contentId : null,
    parent_action_id: source.kind === 'campaign' || source.kind === 'broadcast' ? source.parentActionId : null,
    trigger_event_id: source.kind === 'campaign' && source.eventTriggered ? ulid(rng, created) : null,
    customer_id: identifiers.id,
    customer_identifiers: identifiers,
    recipient: recipientFor(type, person, source.kind === 'campaign' || source.kind === 'broadcast' ? source.url : null),
    subject: source.subject,
    type,
    created,
    failure_message: failure,
    forgotten: rng.chance(0.002),
    msg_template_id:
      source.kind === 'newsletter' ? source.contentId : source.kind === 'transactional' ? source.transactionalId : source.actionId,
    metrics,
  };
  return { delivery, transactionalId: source.kind === 'transactional' ? source.transactionalId : undefined };
}
