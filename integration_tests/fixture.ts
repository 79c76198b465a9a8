/**
 * The fixed fake workspace behind Airbyte's files in integration_tests/: a tiny dataset with a
 * pinned seed and clock, read with a pinned start_date, so expected_records.jsonl is stable.
 */
export const FIXTURE_KEY = 'sample-app-api-key';
export const FIXTURE_DATASET = { size: 'tiny', seed: 1, now: 1_790_000_000 } as const;
export const FIXTURE_START_DATE = '2025-01-01T00:00:00Z';
/** Reads of the fixture run on its clock (ms), so rows that depend on "now" (metrics buckets) are exact. */
export const FIXTURE_CLOCK_AT = FIXTURE_DATASET.now * 1000;
/** The workspace integration_tests/state_0.1.0_*.json were written for by release 0.1.0 (the migration test reads it again). */
export const STATE_010_DATASET = { ...FIXTURE_DATASET, size: { campaigns: 6, actionsPerCampaign: 40, messages: 8000, activities: 800, newsletters: 30, people: 1100 } } as const;
