// The one handler behind every plain list (model/plain-lists.ts): the dataset's table says which
// paths exist, so a list added to the dataset is served without a route of its own.
import { badRequest, notFound } from '../errors.js';
import { presentPlain } from '../present.js';
import { optionalInt, oneOf, pageLimit } from '../query.js';
import { route, type RequestContext, type Route, type RouteMatch } from '../router.js';
import type { Dataset, JsonValue, PlainItem, PlainList, PlainListSort } from '../types.js';

/** Like the router: empty segments (a trailing slash) do not count. */
const normalise = (path: string): string => path.split('/').filter((s) => s.length > 0).join('/');

export function findPlainList(dataset: Dataset, path: string): PlainList | undefined {
  const wanted = normalise(path);
  return dataset.plainLists.find((list) => normalise(list.path) === wanted);
}

function compare(a: JsonValue | undefined, b: JsonValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Sorting {
  by: string;
  order: 'asc' | 'desc';
}

function sorting(sort: PlainListSort, query: Record<string, string>): Sorting {
  return {
    by: oneOf(query, 'sort_by', sort.fields, sort.defaultField),
    order: oneOf(query, 'sort_order', ['asc', 'desc'] as const, sort.defaultOrder),
  };
}

/** Array.prototype.sort is stable, so ties keep the stored order. */
function sorted(items: readonly PlainItem[], s: Sorting): PlainItem[] {
  const sign = s.order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * compare(a[s.by], b[s.by]));
}

const isKey = (v: JsonValue | undefined): v is string | number => typeof v === 'string' || typeof v === 'number';

/** The related list's items that the page points at, in that list's stored order. */
function relatedItems(dataset: Dataset, list: PlainList, page: readonly PlainItem[]): Record<string, PlainItem[]> {
  if (!list.related) return {};
  const related = findPlainList(dataset, list.related.path);
  if (!related) return {};
  const via = list.related.via;
  const wanted = new Set(page.map((item) => item[via]).filter(isKey));
  const items = related.items.filter((item) => isKey(item['id']) && wanted.has(item['id']));
  return { [related.envelope]: items.map((item) => presentPlain(dataset.seed, related, item) as PlainItem) };
}

function servePlainList({ dataset, path, query }: RequestContext): unknown {
  const list = findPlainList(dataset, path);
  if (!list) throw notFound('The requested resource does not exist.');
  const { firstPage, defaultLimit, maxLimit } = list.pagination;
  const limit = pageLimit(query, { default: defaultLimit, max: maxLimit });
  const page = optionalInt(query, 'page') ?? firstPage;
  if (page < firstPage) throw badRequest(`\`page\` must be at least ${firstPage}.`);
  const bounds = list.filters.map((filter) => ({ filter, value: optionalInt(query, filter.param) }));
  const sort = list.sort ? sorting(list.sort, query) : undefined;

  const matching = list.items.filter((item) =>
    bounds.every(({ filter, value }) => {
      if (value === undefined) return true;
      const time = item[filter.field];
      return typeof time === 'number' && (filter.keep === 'after' ? time > value : time < value);
    }),
  );
  const ordered = sort ? sorted(matching, sort) : matching;
  const offset = (page - firstPage) * limit;
  const items = ordered.slice(offset, offset + limit);

  // The spec's meta.filters echoes the filters in force, null where not given.
  const echoed: Record<string, JsonValue> = sort ? { sort_by: sort.by, sort_order: sort.order } : {};
  for (const { filter, value } of bounds) echoed[filter.param] = value ?? null;
  return {
    [list.envelope]: items.map((item) => presentPlain(dataset.seed, list, item)),
    ...relatedItems(dataset, list, items),
    meta: { pagination: { page, limit, total: matching.length }, filters: echoed },
  };
}

const PLAIN_LIST_ROUTE: Route = route('GET', '(every plain list)', servePlainList);

/** The route for a GET of a plain list's path, asked after the route tables. */
export function matchPlainList(dataset: Dataset, method: string, path: string): RouteMatch | undefined {
  if (method !== 'GET' || !findPlainList(dataset, path)) return undefined;
  return { route: PLAIN_LIST_ROUTE, params: {} };
}
