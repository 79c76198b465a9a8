/**
 * Minimum rules derived from the stream table rather than written by hand: a root GET list with
 * numbered pages is a plain list, which the fake serves from dataset.plainLists by its path (one
 * generic route), so its fewest requests follow from the row's page size and the fake's items.
 * Other kinds keep their hand rules in minimum.ts: they encode API facts no row states.
 */
import type { Dataset } from '../../fake-api/index.js';
import type { StreamDefinition } from '../../src/streams/types.js';

export interface PlainListRule {
  stream: string;
  /** Method and path template, as minimum.ts keys its endpoints. */
  endpoint: string;
  /** The path the fake's dataset.plainLists row carries. */
  path: string;
  /** The page size the row asks for: the minimum counts pages of it. */
  limit: number;
}

/** The rule derived for a stream, or undefined when the stream is not a plain list. */
export function plainListRule(def: StreamDefinition): PlainListRule | undefined {
  if (def.read !== 'list' || def.parent !== undefined || (def.method ?? 'GET') !== 'GET' || def.pagination.kind !== 'page') return undefined;
  return { stream: def.name, endpoint: `GET /v1${def.path}`, path: `/v1${def.path}`, limit: def.pagination.limit };
}

/** How many items the fake holds for the rule's list; a list the fake lacks cannot be counted, so it throws naming the stream. */
export function plainListSize(d: Dataset, rule: PlainListRule): number {
  const list = d.plainLists.find((l) => l.path === rule.path);
  if (list === undefined) {
    throw new Error(`${rule.stream}: ${rule.path} is not in the fake's dataset.plainLists, so its minimum cannot be derived; add its entity there`);
  }
  return list.items.length;
}
