import type { ResolvedConfig } from '../../config.js';
import { CancelledError } from '../../errors.js';
import type { Query } from '../../http/client.js';
import { isObject, type JsonObject } from '../../json.js';
import { fillPath, paginate } from '../paginate.js';
import { recordsOf } from '../records.js';
import { parsePartitionedState, partitionedStateJson } from '../state/partitioned.js';
import type { Pagination, PartitionedStream, ReadContext, ReadEvent, StreamRun } from '../types.js';

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
function passesOf(def: PartitionedStream, config: ResolvedConfig): Pass[] {
  const partitions = def.partitions;
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
export async function* readPartitioned(ctx: ReadContext, run: StreamRun & { def: PartitionedStream }): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const build = ctx.records.of(def);
  const passes = passesOf(def, ctx.config);
  const resume = parsePartitionedState(run.state);
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
        // A list of bare addresses is a list of records keyed by email.
        const records = recordsOf(build, page.items.map((item) => (isObject(item) ? item : { email: item })), pass.tags);
        if (records.length > 0) yield { type: 'records', stream: def.name, data: records };
        token = page.next;
      }
    } catch (error) {
      // The refused request is the first page whose records were not sent.
      if (error instanceof CancelledError) {
        const position = { partition: pass.partition, ...(pass.scope === undefined ? {} : { scope: pass.scope }), ...(token === undefined ? {} : { next: token }) };
        yield { type: 'state', stream: def.name, state: { ...partitionedStateJson(position) } };
      }
      throw error;
    }
    if (unknownScope) yield { type: 'log', level: 'WARN', message: `${def.name}: ${pass.path} was not found (HTTP 404): ${def.scopes?.param} '${pass.scope}' may not exist in this workspace; skipped.` };
  }
  yield { type: 'state', stream: def.name, state: { ...partitionedStateJson(undefined) } };
}
