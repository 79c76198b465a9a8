import { CancelledError } from '../../errors.js';
import type { JsonObject } from '../../protocol/messages.js';
import { paginate } from '../paginate.js';
import { recordOf } from '../shape.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';
import { isObject } from '../types.js';

/** Where a cancelled read stopped: the partition (by index) and the page token within it. */
interface Position { partition: number; next?: string }

function readPosition(state: JsonObject | undefined): Position | undefined {
  const p = state?.['pending'];
  if (!isObject(p) || typeof p['partition'] !== 'number') return undefined;
  return typeof p['next'] === 'string' ? { partition: p['partition'], next: p['next'] } : { partition: p['partition'] };
}

/**
 * Lists the API splits by a fixed parameter (suppressions by type, sender identities by hidden
 * or not): one pass per value, all into one stream. These lists are small, so the stream
 * checkpoints once, at the end; a cancelled read saves the page it did not get to.
 */
export async function* readPartitioned(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const partitions = def.partitions;
  if (partitions === undefined) throw new Error(`${def.name} has no partitions`);
  const resume = readPosition(run.state);
  for (let index = resume?.partition ?? 0; index < partitions.values.length; index++) {
    const value = partitions.values[index] as string;
    const inPath = partitions.in === 'path';
    let token = index === resume?.partition ? resume.next : undefined;
    const pages = paginate({
      client: ctx.client,
      method: 'GET',
      path: inPath ? def.path.replace(`{${partitions.param}}`, encodeURIComponent(value)) : def.path,
      envelope: def.envelope,
      pagination: def.pagination,
      query: { ...def.query, ...(inPath ? {} : { [partitions.param]: value }) },
      tag: def.name,
      startAt: token,
    });
    try {
      for await (const page of pages) {
        for (const item of page.items) {
          const record = recordOf(def, item) ?? { email: item };
          yield { type: 'record', stream: def.name, data: inPath ? { ...record, [partitions.param]: value } : record };
        }
        token = page.next;
      }
    } catch (error) {
      // The refused request is the first page whose records were not sent.
      if (error instanceof CancelledError) yield { type: 'state', stream: def.name, state: { pending: { partition: index, ...(token === undefined ? {} : { next: token }) } } };
      throw error;
    }
  }
  yield { type: 'state', stream: def.name, state: {} };
}
