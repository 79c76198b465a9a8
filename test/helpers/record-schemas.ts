/*
 * Record validation as the tests need it: ajv with date-time formats, and closed copies of the
 * stream schemas, so a record fails on a wrong type (BR-3) and on a key its schema does not
 * declare (BR-5).
 */
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../src/config.js';
import { closeSchema } from '../../scripts/generate.js';

/** A validator for records of the stream whose schema this is, closed at every level that declares properties. */
export function closedValidator(schema: object): ValidateFunction {
  return createAjv().compile(closeSchema(schema));
}

/** Each way `records` break the closed schema, as "stream: error" lines (at most `max`). */
export function recordViolations(stream: string, schema: object, records: readonly unknown[], max = 20): string[] {
  const validate = closedValidator(schema);
  const out: string[] = [];
  for (const record of records) {
    if (validate(record)) continue;
    for (const e of validate.errors ?? []) out.push(`${stream}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    if (out.length >= max) break;
  }
  return out;
}
