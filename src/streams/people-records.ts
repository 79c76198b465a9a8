import { isObject, type JsonObject } from '../json.js';

/** Everyone: every person has a cio_id. */
export const EVERYONE_FILTER: JsonObject = { attribute: { field: 'cio_id', operator: 'exists' } };

/** Person ids are strings that some answers send as numbers (API.md §1.5). */
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** A person of the people search; {} (no key, skipped) without a cio_id. */
export function personRecord(item: unknown): JsonObject {
  if (!isObject(item) || typeof item['cio_id'] !== 'string' || item['cio_id'] === '') return {};
  return { cio_id: item['cio_id'], id: text(item['id']), email: text(item['email']) };
}

/** An entry of the attributes batch lookup ({customer: {...}}), keyed by its cio_id; {} without one. Its ids are shaped by the stream's row. */
export function attributesRecord(entry: unknown): JsonObject {
  const customer = isObject(entry) && isObject(entry['customer']) ? entry['customer'] : entry;
  if (!isObject(customer)) return {};
  const identifiers = isObject(customer['identifiers']) ? customer['identifiers'] : {};
  const cio = identifiers['cio_id'];
  return typeof cio === 'string' && cio !== '' ? { ...customer, cio_id: cio } : {};
}

/** Keeps only the configured attribute names (all when none are configured). */
export function pickAttributes(customer: JsonObject, names: readonly string[]): JsonObject {
  if (names.length === 0 || !isObject(customer['attributes'])) return customer;
  const attrs = customer['attributes'];
  return { ...customer, attributes: Object.fromEntries(names.filter((n) => n in attrs).map((n) => [n, attrs[n]])) };
}

/** The fields of a delivery that GET /v1/customers/{id}/messages documents (API.md §2.24). */
const PERSON_DELIVERY_FIELDS = [
  'id', 'deduplicate_id', 'action_id', 'broadcast_id', 'campaign_id', 'content_id', 'newsletter_id', 'customer_id',
  'recipient', 'subject', 'type', 'created', 'failure_message', 'forgotten', 'msg_template_id',
] as const;
/** The per-person listing documents only these metrics; the workspace list has them all. */
const PERSON_DELIVERY_METRICS = ['sent', 'delivered'] as const;

/**
 * A delivery of the workspace-wide list as the per-person listing sends it, so that both routes of
 * customer_messages give the same records (its RecordBuilder then types it as before).
 */
export function personDelivery(record: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const field of PERSON_DELIVERY_FIELDS) if (field in record) out[field] = record[field] ?? null;
  const metrics = record['metrics'];
  if (isObject(metrics)) {
    const kept: JsonObject = {};
    for (const name of PERSON_DELIVERY_METRICS) if (metrics[name] !== undefined) kept[name] = metrics[name] ?? null;
    out['metrics'] = kept;
  }
  return out;
}
