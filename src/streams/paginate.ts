import type { JsonObject } from '../protocol/messages.js';
import { parseJsonBytes, type ApiClient, type Query, type RequestOptions } from '../http/client.js';
import { ConnectorError } from '../errors.js';
import type { EncodedPage, EncodedRecords, PageEncoding, Pagination } from './types.js';
import { isObject } from './types.js';

export interface Page {
  /** The envelope's items; empty when the page came encoded. */
  items: unknown[];
  /** The page's records as lines, when an encoder took it. */
  encoded?: EncodedRecords;
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
  /** Resume from this token (a cursor token or a decimal offset). */
  startAt?: string | undefined;
  tag: string;
  /** 404 means "this parent is gone": yields nothing and reports it. */
  onNotFound?: () => void;
  /** Turns GET pages into record lines from their bytes; a page it gives back is parsed. */
  encoder?: PageEncoding | undefined;
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
 * `next` (cursor), or a short page (offset). A token seen twice is an error, not a loop.
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
    }
    const options = { query, tag: req.tag, allowStatuses: req.onNotFound ? [404] : [], ...(req.body === undefined ? {} : { body: req.body }) };
    const answer = await fetchPage(req, options);
    if (answer === undefined) {
      req.onNotFound?.();
      return;
    }
    const { encoded } = answer;
    const items = encoded === undefined ? itemsOf(answer.body, req.envelope, req.path, p.kind === 'single') : [];
    const count = encoded === undefined ? items.length : encoded.items;
    const page = (next: string | undefined): Page => (encoded === undefined ? { items, next } : { items, encoded: encoded.records, next });
    if (p.kind === 'none' || p.kind === 'single') {
      yield page(undefined);
      return;
    }
    if (p.kind === 'offset') {
      const nextOffset = Number(token ?? '0') + count;
      const last = count < p.limit;
      yield page(last ? undefined : String(nextOffset));
      if (last) return;
      token = String(nextOffset);
      continue;
    }
    const next = nextToken(encoded === undefined ? (isObject(answer.body) ? answer.body['next'] : undefined) : encoded.next);
    if (next !== undefined) {
      if (seen.has(next) || next === token) throw new PaginationLoopError(req.path, next);
      seen.add(next);
    }
    // An empty page with a token is treated as the end: the API would otherwise page through nothing forever.
    const done = next === undefined || count === 0;
    yield page(done ? undefined : next);
    if (done) return;
    token = next;
  }
}

type Answer = { body: unknown; encoded?: undefined } | { body?: undefined; encoded: EncodedPage };

/**
 * One page's answer: encoded from its bytes when the request has an encoder that takes it, else
 * parsed; a body that is neither (not JSON) is retried by the client like any broken body.
 * Undefined for a 404 the request allows.
 */
async function fetchPage(req: PageRequest, options: RequestOptions): Promise<Answer | undefined> {
  const encoder = req.encoder;
  if (encoder === undefined || req.method !== 'GET') {
    const response = req.method === 'GET' ? await req.client.get<unknown>(req.path, options) : await req.client.post<unknown>(req.path, options);
    return response.status === 404 ? undefined : { body: response.body };
  }
  const response = await req.client.getDecoded<Answer>(req.path, options, (raw) => {
    const encoded = encoder.encode(raw);
    if (encoded !== undefined) return { encoded };
    try {
      return { body: parseJsonBytes(raw) };
    } catch {
      return undefined;
    }
  });
  return response.status === 404 ? undefined : response.body ?? { body: undefined };
}

/** A path template with its {placeholders} filled from a parent's fields. */
export function fillPath(template: string, fields: JsonObject): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name])));
}
