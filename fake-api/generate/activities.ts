// Activities (the person timeline). Some reference real deliveries; ~2% belong to deleted people.
import { ulid } from '../ids.js';
import type { Rng } from '../random.js';
import type { Activity, Delivery, Identifiers, Person } from '../types.js';

type ActivityKind =
  | 'event'
  | 'page'
  | 'screen'
  | 'attribute_change'
  | 'sent_email'
  | 'delivered_email'
  | 'opened_email'
  | 'clicked_email'
  | 'sent_push'
  | 'profile_create'
  | 'add_relationship'
  | 'device_change'
  | '_o:1:attribute_change';

const KINDS: readonly (readonly [ActivityKind, number])[] = [
  ['event', 25],
  ['page', 15],
  ['screen', 5],
  ['attribute_change', 15],
  ['sent_email', 10],
  ['delivered_email', 8],
  ['opened_email', 7],
  ['clicked_email', 4],
  ['sent_push', 3],
  ['profile_create', 2],
  ['add_relationship', 2],
  ['device_change', 3],
  ['_o:1:attribute_change', 1],
];

const EVENT_NAMES = ['signed_up', 'purchased', 'viewed_pricing', 'added_to_cart'] as const;

export interface ActivityPool {
  people: readonly Person[];
  deletedPeople: readonly Identifiers[];
  messages: readonly Delivery[];
}

function base(rng: Rng, type: string, timestamp: number, who: Identifiers): Activity {
  return { id: ulid(rng, timestamp), type, timestamp, customer_id: who.id, customer_identifiers: { ...who } };
}

/** Builds one activity at `timestamp`; undefined when the pool has nobody to attach it to. */
export function buildActivity(rng: Rng, timestamp: number, pool: ActivityPool): Activity | undefined {
  if (pool.deletedPeople.length > 0 && rng.chance(0.02)) {
    const activity = base(rng, 'event', timestamp, rng.pick(pool.deletedPeople));
    activity.name = rng.pick(EVENT_NAMES);
    activity.data = { source: 'deleted-profile' };
    return activity;
  }
  if (pool.people.length === 0) return undefined;
  let kind = rng.weighted(KINDS);
  const deliveryKind = kind === 'sent_email' || kind === 'delivered_email' || kind === 'opened_email' || kind === 'clicked_email' || kind === 'sent_push';
  if (deliveryKind && pool.messages.length === 0) kind = 'event';
  if (deliveryKind && pool.messages.length > 0) {
    const delivery = rng.pick(pool.messages);
    const activity = base(rng, kind, timestamp, delivery.customer_identifiers);
    activity.delivery_id = delivery.id;
    activity.delivery_type = kind === 'sent_push' ? rng.pick(['ios', 'android'] as const) : 'email';
    activity.data = {
      delivered: kind === 'sent_email' || kind === 'sent_push' ? null : timestamp,
      delivery_id: delivery.id,
      opened: kind === 'opened_email' || kind === 'clicked_email' ? true : null,
    };
    return activity;
  }
  const person = rng.pick(pool.people);
  const activity = base(rng, kind, timestamp, person.identifiers);
  switch (kind) {
    case 'event':
      activity.name = rng.pick(EVENT_NAMES);
      activity.data = { sku: `sku-${rng.int(1, 99)}`, price: rng.int(100, 9999) / 100 };
      break;
    case 'page':
      activity.url = rng.pick(['https://example.com/pricing', 'https://example.com/docs', 'https://example.com/']);
      break;
    case 'screen':
      activity.name = rng.pick(['Home', 'Settings', 'Checkout']);
      break;
    case 'attribute_change':
      activity.name = 'plan';
      activity.data = { plan: { from: 'free', to: rng.pick(['pro', 'enterprise']) } };
      break;
    case 'add_relationship':
      activity.data = { object_type_id: '1', object_id: `account_${rng.int(1, 5)}` };
      break;
    case '_o:1:attribute_change':
      activity.data = { tier: { from: 'silver', to: 'gold' } };
      break;
    default:
      break;
  }
  return activity;
}
