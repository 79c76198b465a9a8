import type { ResolvedConfig } from '../../config.js';
import { CancelledError } from '../../errors.js';
import type { Query } from '../../http/client.js';
import type { JsonObject } from '../../protocol/messages.js';
import { fillPath, paginate } from '../paginate.js';

import { recordOf } from '../shape.js';
import type { Pagination, ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { isObject } from '../types.js';

/**
 * Where a cancelled read stopped: the partition (by index), its scope (a sending domain; absent
 * for the stream's own lists) and the page token within it.
 */
interface Position { partition: number; scope?: string; next?: string }

function readPosition(state: JsonObject | undefined): Position | undefined {
  const p = state?.['pending'];
  if (!isObject(p) || typeof p['partition'] !== 'number') return undefined;
  return {
    partition: p['partition'],
    ...(typeof p['scope'] === 'string' ? { scope: p['scope'] } : {}),
    ...(typeof p['next'] === 'string' ? { next: p['next'] } : {}),
  };
}

/** One list to read: a partition of the stream's own lists or of one scope's. */
interface Pass {
  partition: number;
  scope: string | undefined;
  path: string;
  pagination: Pagination;
  query: Query;
  /** Fields each record of the list carries (the partition and scope values). */
  tags: JsonObject;
}

/** Every list of a partitioned stream in reading order: its own lists, then each scope's. */
function passesOf(def: StreamDefinition, config: ResolvedConfig): Pass[] {
  const partitions = def.partitions;
  if (partitions === undefined) throw new Error(`${def.name} has no partitions`);
  const scopes = def.scopes;
  const inPath = partitions.in === 'path';
  return [undefined, ...(scopes?.values(config) ?? [])].flatMap((scope) =>
    partitions.values.map((value, partition) => {
      const scoped = scopes !== undefined && scope !== undefined;
      return {
        partition,
        scope,
        path: fillPath(scoped ? scopes.path : def.path, { [partitions.param]: value, ...(scoped ? { [scopes.param]: scope } : {}) }),
        pagination: scoped ? scopes.pagination : def.pagination,
        query: { ...def.query, ...(inPath ? {} : { [partitions.param]: value }) },
        tags: { ...(inPath ? { [partitions.param]: value } : {}), ...(scopes ? { [scopes.param]: scope ?? scopes.unscoped } : {}) },
      };
    }),
  );
}

/**
 * Lists the API splits by a fixed parameter (suppressions by type, sender identities by hidden
 * or not): one pass per value, all into one stream, and again per configured scope (suppressions
 * of each sending domain). These lists are small, so the stream checkpoints once, at the end; a
 * cancelled read saves the page it did not get to.
 */
export async function* readPartitioned(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const passes = passesOf(def, ctx.config);
  const resume = readPosition(run.state);
  const at = resume === undefined ? -1 : passes.findIndex((p) => p.partition === resume.partition && p.scope === resume.scope);
  // A saved scope that is no longer configured: start over (records repeat, none are lost).
  for (let index = Math.max(0, at); index < passes.length; index++) {
    const pass = passes[index] as Pass;
    let token = index === at ? resume?.next : undefined;
    let unknownScope = false;
    const pages = paginate({
      client: ctx.client,
      method: 'GET',
      path: pass.path,
      envelope: def.envelope,
      pagination: pass.pagination,
      query: pass.query,
      tag: def.name,
      startAt: token,
      // A domain the workspace does not send from is not an error of the whole stream.
      ...(pass.scope === undefined ? {} : { onNotFound: () => { unknownScope = true; } }),
    });
    try {
      for await (const page of pages) {
        const records = page.items.map((item) => ({ ...(recordOf(def, item) ?? { email: item }), ...pass.tags }));
        if (records.length > 0) yield { type: 'records', stream: def.name, data: records };
        token = page.next;
      }
    } catch (error) {
      // The refused request is the first page whose records were not sent.
      if (error instanceof CancelledError) {
        const position = { partition: pass.partition, ...(pass.scope === undefined ? {} : { scope: pass.scope }), ...(token === undefined ? {} : { next: token }) };
        yield { type: 'state', stream: def.name, state: { pending: position } };
      }
      throw error;
    }
    if (unknownScope) yield { type: 'log', level: 'WARN', message: `${def.name}: ${pass.path} was not found (HTTP 404): ${def.scopes?.param} '${pass.scope}' may not exist in this workspace; skipped.` };
  }
  yield { type: 'state', stream: def.name, state: {} };
}
