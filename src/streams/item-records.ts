/*
 * The few records that are not their API item: each function builds the record from one item of
 * its envelope. The record function of the stream (records.ts) then brings it to its schema.
 */
import { isObject, type JsonObject } from '../json.js';

export const ipRecord = (item: unknown): JsonObject => ({ ip: String(item) });

/** A relationship with its object identifiers flattened into key columns. */
export function relationshipRecord(item: unknown): JsonObject {
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

/** An object of the object search, by its two identifiers. */
export function objectRecord(item: unknown): JsonObject {
  const o = isObject(item) ? item : {};
  return { object_id: String(o['object_id'] ?? ''), cio_object_id: typeof o['cio_object_id'] === 'string' ? o['cio_object_id'] : null };
}

/** Campaign filter fields are JSON text in most answers and objects in some: the schema keeps text. */
const CAMPAIGN_JSON_TEXT = ['object_attribute_triggers', 'relationship_attribute_triggers'] as const;
const AUDIENCE_JSON_TEXT = ['person_filters', 'relationship_filters'] as const;
const jsonText = (v: unknown) => (v === null || v === undefined || typeof v === 'string' ? v : JSON.stringify(v));

export function campaignRecord(item: unknown): JsonObject {
  if (!isObject(item)) return {};
  const out: JsonObject = { ...item };
  for (const key of CAMPAIGN_JSON_TEXT) if (key in out) out[key] = jsonText(out[key]);
  if (isObject(out['audience'])) {
    const audience = { ...out['audience'] };
    for (const key of AUDIENCE_JSON_TEXT) if (key in audience) audience[key] = jsonText(audience[key]);
    out['audience'] = audience;
  }
  return out;
}
