import type { Query } from '../http/client.js';
import type { JsonObject } from '../json.js';
import type { PageRequest } from './paginate.js';
import type { ListEndpoint, ReadContext } from './types.js';

/**
 * The page request of a list row, the one way every reader asks for a list: its method, path,
 * envelope and pages, its fixed and per-config query, and its body, built from the parent's
 * fields below a parent (`fields`) or from the config at the root.
 */
export function listRequest(
  ctx: ReadContext,
  list: ListEndpoint,
  o: { tag: string; path?: string; fields?: JsonObject; query?: Query; startAt?: string | undefined; onNotFound?: () => void },
): PageRequest {
  const body = o.fields !== undefined ? list.body?.(o.fields) : list.configBody?.(ctx.config);
  return {
    client: ctx.client,
    method: list.method ?? 'GET',
    path: o.path ?? list.path,
    envelope: list.envelope,
    pagination: list.pagination,
    query: { ...list.query, ...list.configQuery?.(ctx.config), ...o.query },
    ...(body === undefined ? {} : { body }),
    startAt: o.startAt,
    tag: o.tag,
    ...(o.onNotFound === undefined ? {} : { onNotFound: o.onNotFound }),
  };
}
