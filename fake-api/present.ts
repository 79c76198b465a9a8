// How the fake serialises an item, with the variety of the real API (API.md §1.5, §2, §5.6, §5.13):
// the same integer id sent as a number in one record and as a numeric string in the next (and
// string ids as numbers), documented optional fields left out, nullable ones null, and keys no
// documentation mentions. Decided per record from the dataset seed, so every answer about one
// record looks the same; the dataset itself keeps the documented types.
import { hashString, serialOf } from './random.js';
import type { JsonValue, PlainList, Quirks } from './types.js';

export type ItemKind =
  | 'campaign' | 'broadcast' | 'campaign_action' | 'broadcast_action' | 'newsletter' | 'newsletter_content'
  | 'test_group' | 'segment' | 'sender_identity' | 'collection' | 'export' | 'snippet' | 'transactional'
  | 'reporting_webhook' | 'topic' | 'channel' | 'workspace' | 'object_type' | 'delivery' | 'customer_delivery'
  | 'activity' | 'person_identifiers' | 'customer' | 'relationship' | 'object_relationship' | 'object_identifiers' | 'suppression' | 'link';

const SUMMARY: Quirks = { asStrings: ['id'] };
const PERSON: Quirks = { asNumbers: ['id'] };
const ACTION: Quirks = {
  asStrings: ['id', 'parent_action_id', 'from_id', 'reply_to_id', 'sender_identity_id'],
  optional: ['preheader_text', 'layout'],
  nullable: ['reply_to_id', 'body_amp'],
};
const DELIVERY: Quirks = { asNumbers: ['customer_id'], optional: ['msg_template_id', 'trigger_event_id'], nested: { customer_identifiers: PERSON } };

const QUIRKS: Readonly<Record<ItemKind, Quirks>> = {
  campaign: { optional: ['msg_templates', 'type'], nested: { actions: SUMMARY, msg_templates: SUMMARY } },
  broadcast: { optional: ['msg_template_ids'], nested: { actions: SUMMARY, msg_template_ids: SUMMARY } },
  campaign_action: { ...ACTION, asStrings: [...(ACTION.asStrings ?? []), 'campaign_id'] },
  broadcast_action: { ...ACTION, asStrings: [...(ACTION.asStrings ?? []), 'broadcast_id'] },
  newsletter: { optional: ['subscription_topic_id'], nullable: ['sent_at'] },
  newsletter_content: { asStrings: ['from_id', 'reply_to_id'], optional: ['preheader_text'], nullable: ['reply_to_id', 'body_amp'] },
  test_group: { listsAsStrings: ['content_ids'] },
  segment: { optional: ['description'], nullable: ['progress', 'tags'] },
  sender_identity: { optional: ['auto_generated'] },
  collection: { optional: ['schema'] },
  export: { optional: ['downloads'] },
  snippet: {},
  transactional: { optional: ['queue_drafts'] },
  reporting_webhook: { optional: ['full_resolution', 'with_content'] },
  topic: { optional: ['description'] },
  channel: { optional: ['description'] },
  workspace: { asStrings: ['id'], optional: ['objects', 'object_types'] },
  object_type: { asNumbers: ['id'] },
  delivery: DELIVERY,
  customer_delivery: { ...DELIVERY, asNumbers: ['customer_id', 'msg_template_id'] },
  activity: { asNumbers: ['customer_id'], optional: ['delivery_type'], nested: { customer_identifiers: PERSON } },
  person_identifiers: PERSON,
  customer: { asNumbers: ['id'], optional: ['timestamps'], nested: { identifiers: PERSON, devices: {} } },
  relationship: { asStrings: ['object_type_id'] },
  // The object side types object_type_id as a string (BULK-ROUTES.md §3.2); person ids vary as elsewhere.
  object_relationship: { asNumbers: ['object_type_id'], nested: { identifiers: PERSON } },
  object_identifiers: {},
  suppression: { optional: ['reason', 'status'] },
  link: { nested: { link: {} } },
};

/** Keys no schema declares; a record with extras gets two of them. */
const EXTRA_FIELDS: readonly (readonly [string, () => JsonValue])[] = [
  ['_cio_revision', () => 7],
  ['beta_flags', () => ({ early_access: true })],
  ['archived_at', () => null],
  ['owner_user_id', () => '1207'],
];

type Item = Record<string, unknown>;

const DIGITS = /^[1-9]\d{0,14}$/;

/** What identifies an item among its kind: its id, else another natural key, else its content. */
function keyOf(item: Item): string | number {
  for (const field of ['id', 'cio_id', 'object_id', 'email', 'name']) {
    const v = item[field];
    if (typeof v === 'number' || (typeof v === 'string' && v !== '')) return v;
  }
  return JSON.stringify(item);
}

/**
 * The quirks of one kind under one seed, with each trait's offset worked out once: a record has
 * a trait when (its serial + offset) % every is 0 (see oneIn), and items are served by the thousand.
 */
interface Plan {
  quirks: Quirks;
  offsets: Record<'ids' | 'missing' | 'null' | 'extra', number>;
  nested: Array<[string, Plan]>;
}

const PLANS = new Map<string, Plan>();

function planFor(seed: number, label: string, quirks: Quirks): Plan {
  const id = `${seed}|${label}`;
  let plan = PLANS.get(id);
  if (plan === undefined) {
    const offset = (trait: string) => hashString(`${id}:${trait}`);
    plan = {
      quirks,
      offsets: { ids: offset('ids'), missing: offset('missing'), null: offset('null'), extra: offset('extra') },
      nested: Object.entries(quirks.nested ?? {}).map(([field, inner]) => [field, planFor(seed, `${label}.${field}`, inner)]),
    };
    PLANS.set(id, plan);
  }
  return plan;
}

function vary(plan: Plan, item: Item): Item {
  const { quirks, offsets } = plan;
  const serial = serialOf(keyOf(item));
  const out: Item = { ...item };
  if ((serial + offsets.ids) % 2 === 0) {
    for (const f of quirks.asStrings ?? []) if (typeof out[f] === 'number') out[f] = String(out[f]);
    for (const f of quirks.asNumbers ?? []) {
      const v = out[f];
      if (typeof v === 'string' && DIGITS.test(v)) out[f] = Number(v);
    }
    for (const f of quirks.listsAsStrings ?? []) {
      const v = out[f];
      if (Array.isArray(v)) out[f] = v.map((x) => (typeof x === 'number' ? String(x) : x));
    }
  }
  for (const [field, inner] of plan.nested) {
    const v = out[field];
    const nested = (x: unknown) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? vary(inner, x as Item) : x);
    out[field] = Array.isArray(v) ? v.map(nested) : nested(v);
  }
  if ((serial + offsets.missing) % 3 === 0) for (const f of quirks.optional ?? []) delete out[f];
  if ((serial + offsets.null) % 3 === 0) for (const f of quirks.nullable ?? []) if (f in out) out[f] = null;
  if ((serial + offsets.extra) % 2 === 0) {
    for (const n of [serial, serial + 1]) {
      const [name, value] = EXTRA_FIELDS[n % EXTRA_FIELDS.length] as readonly [string, () => JsonValue];
      if (!(name in out)) out[name] = value();
    }
  }
  return out;
}

/** `item` as the API would serialise it today, for a dataset generated with `seed`. */
export function present(seed: number, kind: ItemKind, item: object): Item {
  return vary(planFor(seed, kind, QUIRKS[kind]), item as Item);
}

/** present() under quirks of the caller's own (plain lists carry theirs); `label` names the kind. */
export function presentWith(seed: number, label: string, quirks: Quirks, item: object): Item {
  return vary(planFor(seed, label, quirks), item as Item);
}

/** An item of a plain list as its endpoint serves it. */
export function presentPlain(seed: number, list: Pick<PlainList, 'path' | 'quirks'>, item: object): Item {
  return presentWith(seed, `plain:${list.path}`, list.quirks, item);
}

/** present() for every item of a list. */
export function presentAll(seed: number, kind: ItemKind, items: readonly object[]): Item[] {
  return items.map((item) => present(seed, kind, item));
}
