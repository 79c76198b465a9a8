import { maxDefined } from '../cursor.js';
import { parseWindowState, windowStateJson } from '../state/window.js';
import type { ReadContext, ReadEvent, StreamRun, WindowStream } from '../types.js';
import { readWindows, windowRange } from './windows.js';

/**
 * Deliveries read on their own (GET /v1/messages) in start_ts/end_ts windows of the width its row
 * names. Incremental syncs restart messages_lookback_days before the saved cursor to pick up late
 * opens and clicks.
 */
export async function* readMessages(ctx: ReadContext, run: StreamRun & { def: WindowStream }): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const incremental = run.syncMode === 'incremental';
  const saved = parseWindowState(def.cursor, run.state);
  const { from, to } = windowRange(ctx, run, incremental ? saved.created : undefined);
  const created = incremental ? saved.created : undefined;
  for await (const event of readWindows(ctx, def, def.path, { from, to }, saved.position, undefined)) {
    if (event.type === 'records') {
      yield { type: 'records', stream: def.name, data: event.data };
    } else if (event.position !== undefined) {
      yield { type: 'state', stream: def.name, state: { ...windowStateJson({ created, position: event.position }) } };
    }
  }
  // The read covered everything created up to the sync start; a far-future saved cursor is kept.
  yield { type: 'state', stream: def.name, state: { ...windowStateJson({ created: incremental ? maxDefined(created, to) : undefined }) } };
}
