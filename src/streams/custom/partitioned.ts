import { paginate } from '../paginate.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';

/**
 * Lists the API splits by a fixed parameter (suppressions by type, sender identities by hidden
 * or not): one pass per value, all into one stream. These lists are small, so the stream
 * checkpoints once, at the end.
 */
export async function* readPartitioned(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const partitions = def.partitions;
  if (partitions === undefined) throw new Error(`${def.name} has no partitions`);
  for (const value of partitions.values) {
    const inPath = partitions.in === 'path';
    for await (const page of paginate({
      client: ctx.client,
      method: 'GET',
      path: inPath ? def.path.replace(`{${partitions.param}}`, encodeURIComponent(value)) : def.path,
      envelope: def.envelope,
      pagination: def.pagination,
      query: { ...def.query, ...(inPath ? {} : { [partitions.param]: value }) },
      tag: def.name,
    })) {
      for (const item of page.items) {
        const record = recordOf(def, item) ?? { email: item };
        yield { type: 'record', stream: def.name, data: inPath ? { ...record, [partitions.param]: value } : record };
      }
    }
  }
  yield { type: 'state', stream: def.name, state: {} };
}
