import { schemaOfStream } from '../catalog.js';
import { STREAMS_BY_NAME } from './definitions.js';
import { cachedSchemas, declaredOnly, type SchemaOf } from './declared.js';
import { readActivities } from './custom/activities.js';
import { readActivityTypes } from './custom/activities-by-type.js';
import { readMessages } from './custom/messages.js';
import { createMetricsReader } from './custom/metrics.js';
import { createParentMessagesReader } from './custom/parent-messages.js';
import { readPeople } from './custom/people.js';
import { readPartitioned } from './custom/partitioned.js';
import { createListReader } from './read-list.js';
import type { StreamReaderFn } from './parents.js';
import type { CustomKind, ReadContext, ReadEvent, StreamRun } from './types.js';

/** Reads one stream with the reader its table row names: the generic list reader unless custom. */
export const readStream: StreamReaderFn = async function* (ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const custom = run.def.custom;
  if (custom === undefined) {
    yield* readList(ctx, run);
    return;
  }
  const reader = CUSTOM_READERS[custom];
  yield* reader(ctx, run);
};

const readList = createListReader(STREAMS_BY_NAME, readStream);

const CUSTOM_READERS: Record<CustomKind, StreamReaderFn> = {
  messages: readMessages,
  activities: readActivities,
  activity_types: (ctx, run) => readActivityTypes(ctx, [run]),
  metrics: createMetricsReader(STREAMS_BY_NAME, readStream),
  parent_messages: createParentMessagesReader(STREAMS_BY_NAME, readStream),
  partitioned: readPartitioned,
  people: (ctx, run) => readPeople(ctx, [run], STREAMS_BY_NAME),
};

/**
 * Reads a group of streams that share one pass over the API (the people streams share the people
 * search, the per-type activities streams the activities list); any other stream is a group of one. Records leave with only the fields their schema
 * declares.
 */
export function readGroup(ctx: ReadContext, runs: StreamRun[], schemaOf: SchemaOf = cachedSchemas(schemaOfStream(runs.map((r) => r.def)))): AsyncGenerator<ReadEvent> {
  const first = runs[0];
  if (first === undefined) throw new Error('empty group');
  const events = first.def.custom === 'people' ? readPeople(ctx, runs, STREAMS_BY_NAME)
    : first.def.custom === 'activity_types' ? readActivityTypes(ctx, runs)
    : readStream(ctx, first);
  return declaredOnly(events, schemaOf);
}
