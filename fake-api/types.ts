// Entity shapes served by the fake API, one module per area under model/. Field names and types
// follow /work/shared/customerio/API.md §2: ids and timestamps are integers (unix seconds) unless
// the API sends strings (cio_id, object ids, object type ids, delivery and activity ids).
// Fields marked "internal" are kept for the fake's own bookkeeping and are not echoed.
// This barrel keeps one import path for the fake's modules and for index.ts.
export type * from './model/json.js';
export type * from './model/quirks.js';
export type * from './model/campaigns.js';
export type * from './model/newsletters.js';
export type * from './model/people.js';
export type * from './model/workspace-lists.js';
export type * from './model/deliveries.js';
export type * from './model/suppressions.js';
export type * from './model/plain-lists.js';
export type * from './model/design-studio.js';
export type * from './model/dataset.js';
