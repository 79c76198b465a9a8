import { isObject, type JsonObject } from '../json.js';
import type { ApiClient, Query } from '../http/client.js';
import { ConnectorError } from '../errors.js';
import type { Pagination } from './types.js';

export interface Page {
  /** The envelope's items. */
  items: unknown[];
  /** Token to resume after this page; undefined when this was the last page. */
  next: string | undefined;
}

export interface PageRequest {
  client: ApiClient;
  method: 'GET' | 'POST';
  path: string;
  envelope: string;
  pagination: Pagination;
  query?: Query;
  body?: unknown;
  /** Resume from this token (a cursor token, a decimal offset or a page number). */
  startAt?: string | undefined;
  tag: string;
  /** 404 means "this parent is gone": yields nothing and reports it. */
  onNotFound?: () => void;
}

export class PaginationLoopError extends ConnectorError {
  constructor(path: string, token: string) {
    super(`Customer.io returned the same page cursor twice for ${path} ('${token.slice(0, 40)}'); stopping instead of looping forever.`, 'system_error');
  }
}

export class EnvelopeError extends ConnectorError {
  constructor(path: string, envelope: string, holds: 'array' | 'object' = 'array') {
    super(`The response of ${path} has no '${envelope}' ${holds}; the API may have changed.`, 'system_error');
  }
}

/**
 * Reads the array under `envelope` (or, for `single`, the one object under it, as a list of one);
 * a missing key on an otherwise valid body is an empty list only when the body is {}.
 */
export function itemsOf(body: unknown, envelope: string, path: string, single = false): unknown[] {
  const holds = single ? 'object' : 'array';
  if (!isObject(body)) throw new EnvelopeError(path, envelope, holds);
  const items = body[envelope];
  if (!single && Array.isArray(items)) return items;
  if (single && isObject(items)) return [items];
  if (items === null || (items === undefined && Object.keys(body).length === 0)) return [];
  throw new EnvelopeError(path, envelope, holds);
}

function nextToken(next: unknown): string | undefined {
  if (typeof next === 'number') return String(next);
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/**
 * Pages through one list endpoint, yielding each page as it arrives. Ends on a missing or empty
 * `next` (cursor), or a short page (offset, numbered pages). A token seen twice is an error, not a loop.
 */
export async function* paginate(req: PageRequest): AsyncGenerator<Page> {
  const seen = new Set<string>();
  let token = req.startAt;
  const p = req.pagination;
  for (;;) {
    const query: Query = { ...req.query };
    if (p.kind === 'cursor') {
      if (p.limit !== undefined) query['limit'] = p.limit;
      if (token !== undefined) query['start'] = token;
    } else if (p.kind === 'offset') {
      query['limit'] = p.limit;
      query['offset'] = token ?? '0';
    } else if (p.kind === 'page') {
      query['limit'] = p.limit;
      query['page'] = token ?? String(p.first);
    }
    const options = { query, tag: req.tag, allowStatuses: req.onNotFound ? [404] : [], ...(req.body === undefined ? {} : { body: req.body }) };
    const response = req.method === 'GET' ? await req.client.get<unknown>(req.path, options) : await req.client.post<unknown>(req.path, options);
    if (response.status === 404) {
      req.onNotFound?.();
      return;
    }
    const body = response.body;
    const items = itemsOf(body, req.envelope, req.path, p.kind === 'single');
    if (p.kind === 'none' || p.kind === 'single') {
      yield { items, next: undefined };
      return;
    }
    if (p.kind === 'offset' || p.kind === 'page') {
      // A short page is the last; the next offset counts items, the next page number counts pages.
      const last = items.length < p.limit;
      const next = p.kind === 'offset' ? String(Number(token ?? '0') + items.length) : String(Number(token ?? p.first) + 1);
      yield { items, next: last ? undefined : next };
      if (last) return;
      token = next;
      continue;
    }
    const next = nextToken(isObject(body) ? body['next'] : undefined);
    if (next !== undefined) {
      if (seen.has(next) || next === token) throw new PaginationLoopError(req.path, next);
      seen.add(next);
    }
    // An empty page with a token is treated as the end: the API would otherwise page through nothing forever.
    const done = next === undefined || items.length === 0;
    yield { items, next: done ? undefined : next };
    if (done) return;
    token = next;
  }
}

/** A path template with its {placeholders} filled from a parent's fields. */
export function fillPath(template: string, fields: JsonObject): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name])));
}
