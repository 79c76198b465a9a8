// Plain lists: GET endpoints that only page through one array, declared as data so that adding
// one to the fake is adding its row (and its items) to the dataset. routes/plain-lists.ts serves
// every row with one handler.
import type { JsonValue } from './json.js';
import type { Quirks } from './quirks.js';

/** One stored item: JSON with the documented types (present.ts adds the API's variety when served). */
export type PlainItem = { [key: string]: JsonValue };

/**
 * Page-number paging: query `page` (from `firstPage`) and `limit` (default, clamped to max like
 * the fake's other lists); the answer carries `meta.pagination` {page, limit, total} and no next
 * token, so a short or empty page ends the list.
 */
export interface PagePagination {
  kind: 'page';
  firstPage: 0 | 1;
  defaultLimit: number;
  maxLimit: number;
}

/** A query filter on a unix-seconds field: `after` keeps items whose field is > the value, `before` < it. */
export interface TimeFilter {
  param: string;
  field: string;
  keep: 'after' | 'before';
}

/** Query `sort_by` (one of `fields`) and `sort_order`; ties keep the stored order. */
export interface PlainListSort {
  fields: readonly string[];
  defaultField: string;
  defaultOrder: 'asc' | 'desc';
}

/** Items of another plain list that the page's items point at (by `via`), served alongside under its envelope key. */
export interface RelatedList {
  path: string;
  via: string;
}

export interface PlainList {
  /** e.g. '/v1/design_studio/emails'. */
  path: string;
  /** The key the items go under, e.g. 'emails'. */
  envelope: string;
  items: PlainItem[];
  pagination: PagePagination;
  /** The time filters the endpoint honours; other query parameters are ignored. */
  filters: readonly TimeFilter[];
  sort?: PlainListSort;
  related?: RelatedList;
  /** How served items stray from the documented shape. */
  quirks: Quirks;
}
