import { paginate } from '../paginate.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';
import { isObject } from '../types.js';

export const SUPPRESSION_TYPES = ['bounces', 'blocks', 'spam_reports', 'invalid_emails'] as const;

/** ESP suppressions: one offset-paged list per suppression type, each row tagged with its type. */
export async function* readSuppressions(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  for (const type of SUPPRESSION_TYPES) {
    for await (const page of paginate({ client: ctx.client, method: 'GET', path: def.path.replace('{type}', type), envelope: def.envelope, pagination: def.pagination, tag: def.name })) {
      for (const item of page.items) {
        if (isObject(item)) yield { type: 'record', stream: def.name, data: { ...item, type } };
        else if (typeof item === 'string') yield { type: 'record', stream: def.name, data: { type, email: item } };
      }
    }
  }
  yield { type: 'state', stream: def.name, state: {} };
}
