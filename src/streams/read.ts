import { STREAMS_BY_NAME } from './definitions.js';
import { readActivities } from './custom/activities.js';
import { readMessages } from './custom/messages.js';
import { createListReader } from './read-list.js';
import type { StreamReaderFn } from './parents.js';
import type { CustomKind, ReadContext, ReadEvent, StreamRun } from './types.js';

const CUSTOM_READERS: Partial<Record<CustomKind, StreamReaderFn>> = {
  messages: readMessages,
  activities: readActivities,
};

/** Reads one stream with the reader its table row names: the generic list reader unless custom. */
export const readStream: StreamReaderFn = async function* (ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const custom = run.def.custom;
  if (custom !== undefined) {
    const reader = CUSTOM_READERS[custom];
    if (reader === undefined) throw new Error(`no reader for ${custom}`);
    yield* reader(ctx, run);
    return;
  }
  yield* readList(ctx, run);
};

const readList = createListReader(STREAMS_BY_NAME, readStream);
