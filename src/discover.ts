import type { ApiClient } from './http/client.js';
import { HttpError, RedirectError } from './errors.js';
import { STREAMS, STREAMS_BY_NAME } from './streams/definitions.js';
import type { StreamDefinition } from './streams/types.js';

/** The top-level stream a stream's data comes through: children are readable only if it is. */
function rootOf(def: StreamDefinition): StreamDefinition {
  let current: StreamDefinition = def.read === 'routed' ? def.from : def;
  while (current.parent) {
    const parent = STREAMS_BY_NAME.get(current.parent.stream);
    if (parent === undefined) break;
    current = parent;
  }
  return current;
}

function probePath(root: StreamDefinition): string {
  return root.read === 'partitioned' && root.partitions.in === 'path' ? root.path.replace(`{${root.partitions.param}}`, root.partitions.values[0] ?? '') : root.path;
}

/**
 * Asks each top-level endpoint for one item. A 403 means the key's scope excludes it: that stream
 * and its children are left out (name -> reason). Other failures propagate.
 */
export async function probeForbidden(client: ApiClient, streams: readonly StreamDefinition[] = STREAMS): Promise<Map<string, string>> {
  // Streams read from one endpoint (the per-type activities streams) need one probe between them.
  const roots = [...new Map(streams.map(rootOf).map((r) => [probePath(r), r])).values()];
  const forbiddenRoots = new Map<string, string>();
  await Promise.all(roots.map(async (root) => {
    const query = 'pagination' in root && root.pagination.kind !== 'none' ? { limit: 1 } : {};
    const path = probePath(root);
    try {
      if (root.read === 'list' && root.method === 'POST') await client.post(path, { query, body: root.probeBody ?? {}, tag: 'discover' });
      else await client.get(path, { query, tag: 'discover' });
    } catch (error) {
      // A wrong host (3xx) refuses every stream alike: discovery fails with the region advice.
      if (!(error instanceof HttpError) || error instanceof RedirectError) throw error;
      if (error.status === 403) forbiddenRoots.set(path, `the App API key may not read ${error.request} (HTTP 403).`);
      // Other refusals (400, 404) say nothing about the key's scope: keep the stream.
      else if (error.status === 0) throw error;
    }
  }));
  const out = new Map<string, string>();
  for (const def of streams) {
    const reason = forbiddenRoots.get(probePath(rootOf(def)));
    if (reason !== undefined) out.set(def.name, reason);
  }
  return out;
}
