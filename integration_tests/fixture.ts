/**
 * The fixed fake workspace behind Airbyte's files in integration_tests/: a tiny dataset with a
 * pinned seed and clock, read with a pinned start_date, so expected_records.jsonl is stable.
 */
export const FIXTURE_KEY = 'sample-app-api-key';
export const FIXTURE_DATASET = { size: 'tiny', seed: 1, now: 1_790_000_000 } as const;
export const FIXTURE_START_DATE = '2025-01-01T00:00:00Z';
/** Reads of the fixture run on its clock (ms), so rows that depend on "now" (metrics buckets) are exact. */
export const FIXTURE_CLOCK_AT = FIXTURE_DATASET.now * 1000;
