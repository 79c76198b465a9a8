/*
 * The activity types Customer.io documents (API.md §2.27), and what is known of each one's `data`:
 * the table the `per_type` activities layout builds its streams from. Delivery activities
 * (`<metric>_<channel>`) carry `{delivered, delivery_id, opened}`; attribute changes carry one
 * `{from, to}` per attribute and events their own payload, so their keys are not known in advance.
 * Object and relationship forms (`_o:<type id>:...`, `_r:<type id>:...`) depend on the workspace's
 * object types and are not listed.
 */
import type { JsonObject } from '../json.js';

/** A field of `data` known for a type: its declared JSON type and what it means. */
export interface DataField { type: readonly string[]; description: string }
export type DataFields = Readonly<Record<string, DataField>>;

const DELIVERY_DATA: DataFields = {
  delivered: { type: ['null', 'integer'], description: 'When the message was delivered (unix seconds), if it was.' },
  delivery_id: { type: ['null', 'string'], description: 'The delivery this activity belongs to.' },
  opened: { type: ['null', 'boolean'], description: 'Whether the message was opened.' },
};

/** Delivery metrics and the channels each is recorded for, as the spec's type enum lists them. */
const DELIVERY_METRICS: Readonly<Record<string, readonly string[]>> = {
  attempted: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook', 'whatsapp'],
  bounced: ['action', 'email', 'push', 'twilio', 'whatsapp'],
  clicked: ['action', 'content', 'email', 'in_app', 'push', 'twilio', 'webhook'],
  converted: ['action', 'content', 'email', 'in_app', 'slack', 'twilio', 'webhook', 'whatsapp'],
  deferred: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook', 'whatsapp'],
  delivered: ['action', 'email', 'push', 'twilio', 'whatsapp'],
  drafted: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook'],
  dropped: ['action', 'email', 'push', 'twilio', 'webhook'],
  failed: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook', 'whatsapp'],
  opened: ['action', 'email', 'in_app', 'push'],
  sent: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook', 'whatsapp'],
  spammed: ['email'],
  suppressed: ['twilio', 'whatsapp'],
  topic_unsubscribed: ['email'],
  undeliverable: ['action', 'email', 'in_app', 'push', 'slack', 'twilio', 'webhook', 'whatsapp'],
  unsubscribed: ['action', 'email'],
};

/** Types whose `data` has no known fixed keys. `dropped_whatasapp` is spelt as the spec's enum spells it. */
const OTHER_TYPES: readonly string[] = [
  'add_relationship', 'anon_merge', 'attribute_change', 'delete_relationship', 'device_change', 'dropped_whatasapp', 'event',
  'failed_attribute_change', 'failed_batch_update', 'failed_event', 'failed_object_journeys', 'failed_query_collection',
  'page', 'profile_create', 'profile_delete', 'profile_merge', 'relationship_attribute_change',
  'relationship_failed_attribute_change', 'screen', 'skipped_update', 'viewed_content', 'webhook_event',
];

/** Every documented activity type with its known data fields, sorted by type. */
export const KNOWN_ACTIVITY_TYPES: ReadonlyMap<string, DataFields> = new Map(
  [
    ...Object.entries(DELIVERY_METRICS).flatMap(([metric, channels]) => channels.map((c): [string, DataFields] => [`${metric}_${c}`, DELIVERY_DATA])),
    ...OTHER_TYPES.map((t): [string, DataFields] => [t, {}]),
  ].sort(([a], [b]) => (a < b ? -1 : 1)),
);

/** The known data fields of a type; none for a type this table does not list. */
export function dataFieldsOf(type: string): DataFields {
  return KNOWN_ACTIVITY_TYPES.get(type) ?? {};
}

/** `activities_<type>`, lower case, with every character outside [a-z0-9_] made `_` (stream names become table names). */
export function activityStreamName(type: string): `activities_${string}` {
  return `activities_${type.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** The catch-all of the per-type layout, when every known type has a stream: the types without one. */
export const OTHER_ACTIVITIES_STREAM = 'activities_other';

/** The column a known data field becomes: prefixed, so that it never collides with an activity field (delivery_id is both). */
export function dataColumn(field: string): string {
  return `data_${field}`;
}

/** JSON-schema properties of a type's data columns. */
export function dataColumnProperties(fields: DataFields): JsonObject {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [dataColumn(name), { type: [...f.type], description: `data.${name}: ${f.description}` }]));
}
