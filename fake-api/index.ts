// Public surface of the fake Customer.io App API used by tests, the demo and main.ts.
export { generateDataset, DEFAULT_SEED, MESSAGE_HISTORY_DAYS, ACTIVITY_HISTORY_DAYS } from './dataset.js';
export { SIZE_PRESETS, resolveSizes, type DatasetOptions, type SizeName } from './sizes.js';
export { startFakeApi, type FakeApi, type FakeApiOptions, type LoggedRequest } from './server.js';
export type { FaultProfile, FaultLabel } from './faults.js';
export type { MetricsShape } from './router.js';
export { touch, addMessages, addActivities, remove, sortDataset, type TouchKind, type RemoveKind } from './mutate.js';
export { SIX_MONTHS_SECONDS } from './routes/messages.js';
export { segmentUsage, type SegmentUsage } from './usage.js';
export { STANDARD_SERIES } from './metrics-series.js';
export { present, presentAll, presentPlain, type ItemKind } from './present.js';
export { DESIGN_STUDIO_PATHS } from './generate/design-studio.js';
export { findPlainList } from './routes/plain-lists.js';
export type * from './types.js';
