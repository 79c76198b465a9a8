import type { JsonObject } from '../../protocol/messages.js';
import { mergeConcurrent } from '../concurrent.js';
import { maxDefined } from '../cursor.js';
import { fillPath, listParents, parentGone, resumeParents, type ParentSlice, type StreamReaderFn } from '../parents.js';
import type { ReadContext, ReadEvent, StreamDefinition, StreamRun } from '../types.js';
import { isObject } from '../types.js';
import { readWindowPosition, readWindows, windowRange, type WindowPosition } from './windows.js';

type Event = ReadEvent | { type: 'progress'; key: string; position: WindowPosition | undefined };

/**
 * Deliveries of each parent (campaign, broadcast, newsletter, transactional message) in
 * start_ts/end_ts windows. Every parent is read over the same range, so one `created` cursor
 * covers them all and moves only when every parent is done; in between, state records which
 * parents are finished and the page each unfinished one is on.
 */
export function createParentMessagesReader(definitions: ReadonlyMap<string, StreamDefinition>, read: StreamReaderFn) {
  return async function* readParentMessages(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
    const { def } = run;
    const parentDef = def.parent ? definitions.get(def.parent.stream) : undefined;
    if (!parentDef) throw new Error(`${def.name} needs a parent`);
    const incremental = run.syncMode === 'incremental';
    const { from, to, saved } = windowRange(ctx, run);
    const state = run.state ?? {};
    const pending = new Map<string, WindowPosition>();
    if (isObject(state['pending'])) {
      for (const [k, v] of Object.entries(state['pending'])) {
        const p = readWindowPosition(v);
        if (p) pending.set(k, p);
      }
    }
    const parents = from > to ? [] : await listParents(ctx, def, parentDef, read);
    const { todo, progress } = resumeParents(parents, state);

    const snapshot = (): JsonObject => ({
      ...(incremental && saved !== undefined ? { created: saved } : {}),
      ...progress.toState(),
      ...(pending.size === 0 ? {} : { pending: Object.fromEntries([...pending].map(([k, p]) => [k, p.next === undefined ? { start: p.start } : { start: p.start, next: p.next }])) }),
    });

    const work = async (slice: ParentSlice, push: (e: Event) => Promise<void>) => {
      const path = fillPath(def.path, slice.fields);
      const notFound = () => void push(parentGone(def.name, parentDef.name, slice.key));
      for await (const event of readWindows(ctx, def, path, { from, to }, pending.get(slice.key), slice.fields, notFound)) {
        if (event.type === 'record') await push({ type: 'record', stream: def.name, data: event.data });
        else await push({ type: 'progress', key: slice.key, position: event.position });
      }
    };

    for await (const event of mergeConcurrent<ParentSlice, Event>(todo, def.parentConcurrency ?? 4, work)) {
      if (event.type !== 'progress') {
        yield event;
        continue;
      }
      if (event.position !== undefined) {
        pending.set(event.key, event.position);
      } else {
        pending.delete(event.key);
        progress.finish(event.key);
      }
      yield { type: 'state', stream: def.name, state: snapshot() };
    }
    yield { type: 'state', stream: def.name, state: incremental ? { created: maxDefined(saved, to) as number } : {} };
  };
}
