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
