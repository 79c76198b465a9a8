import type { JsonObject } from '../../protocol/messages.js';
import { maxDefined } from '../cursor.js';
import type { ReadContext, ReadEvent, StreamRun } from '../types.js';
import { readWindowPosition, readWindows, windowRange, type WindowPosition } from './windows.js';

/**
 * GET /v1/messages in start_ts/end_ts windows of the width its row names. State: `created` = everything created up to
 * it has been read; `window` = the page in progress. Incremental syncs restart
 * messages_lookback_days before `created` to pick up late opens and clicks.
 */
export async function* readMessages(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const { from, to, saved } = windowRange(ctx, run);
  const resume = readWindowPosition(run.state?.['window']);
  const base = (): JsonObject => (incremental && saved !== undefined ? { created: saved } : {});
  const stateAt = (p: WindowPosition): JsonObject => ({ ...base(), window: p.next === undefined ? { start: p.start } : { start: p.start, next: p.next } });

  for await (const event of readWindows(ctx, def, def.path, { from, to }, resume, undefined)) {
    if (event.type === 'records') {
      yield { type: 'records', stream: def.name, data: event.data };
    } else if (event.type === 'encoded') {
      yield { type: 'encoded', stream: def.name, data: event.data };
    } else if (event.position !== undefined) {
      yield { type: 'state', stream: def.name, state: stateAt(event.position) };
    }
  }
  // The read covered everything created up to the sync start; a far-future saved cursor is kept.
  yield { type: 'state', stream: def.name, state: incremental ? { created: maxDefined(saved, to) as number } : {} };
}
