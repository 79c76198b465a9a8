import type { JsonObject } from '../protocol/messages.js';
import { mergeConcurrent } from './concurrent.js';
import { clientRange, cursorValue, inRange, maxDefined, stateNumber, type CursorRange } from './cursor.js';
import { paginate } from './paginate.js';
import { fillPath, listParents, parentGone, resumeParents, type ParentSlice, type StreamReaderFn } from './parents.js';
import { recordOf } from './shape.js';
import type { ReadContext, ReadEvent, StreamDefinition, StreamRun } from './types.js';
import { isObject } from './types.js';

/** Progress through one list, saved in state so that a killed sync resumes at the page it stopped on. */
interface Pending { next: string; seen?: number }

function readPending(value: unknown): Pending | undefined {
  if (!isObject(value) || typeof value['next'] !== 'string') return undefined;
  const seen = value['seen'];
  return { next: value['next'], ...(typeof seen === 'number' ? { seen } : {}) };
}

function pendingState(p: Pending): JsonObject {
  return p.seen === undefined ? { next: p.next } : { next: p.next, seen: p.seen };
}

interface ListCursor {
  field: string | undefined;
  /** The cursor values kept; undefined keeps all. */
  range: CursorRange | undefined;
}

function listCursor(ctx: ReadContext, def: StreamDefinition, run: StreamRun, saved: number | undefined): ListCursor {
  if (run.syncMode !== 'incremental' || def.cursor?.filter !== 'client') return { field: undefined, range: undefined };
  return { field: def.cursor.field, range: clientRange(saved, ctx.config) };
}

function keep(record: JsonObject, cursor: ListCursor): boolean {
  return cursor.field === undefined || inRange(cursorValue(record, cursor.field), cursor.range);
}

function toRecord(def: StreamDefinition, item: unknown, parentFields: JsonObject | undefined): JsonObject {
  const base = recordOf(def, item) ?? { value: item };
  return parentFields === undefined ? base : { ...base, ...parentFields };
}

/** Reads a top-level list stream (no parent). */
async function* readTopLevel(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const state = run.state ?? {};
  const incremental = run.syncMode === 'incremental' && def.cursor?.filter === 'client';
  const saved = incremental && def.cursor ? stateNumber(state, def.cursor.field) : undefined;
  const cursor = listCursor(ctx, def, run, saved);
  const pending = readPending(state['pending']);
  let seen = pending?.seen;
  const committed = (): JsonObject => (incremental && def.cursor && saved !== undefined ? { [def.cursor.field]: saved } : {});

  for await (const page of paginate({
    client: ctx.client,
    method: def.method ?? 'GET',
    path: def.path,
    envelope: def.envelope,
    pagination: def.pagination,
    query: { ...def.query, ...def.configQuery?.(ctx.config) },
    startAt: pending?.next,
    tag: ctx.requestTag ?? def.name,
  })) {
    for (const item of page.items) {
      const record = toRecord(def, item, undefined);
      if (!keep(record, cursor)) continue;
      if (cursor.field !== undefined) seen = maxDefined(seen, cursorValue(record, cursor.field));
      yield { type: 'record', stream: def.name, data: record };
    }
    if (page.next !== undefined) {
      yield { type: 'state', stream: def.name, state: { ...committed(), pending: pendingState({ next: page.next, ...(seen === undefined ? {} : { seen }) }) } };
    }
  }
  const final = incremental && def.cursor ? maxDefined(saved, seen) : undefined;
  yield { type: 'state', stream: def.name, state: final === undefined || !def.cursor ? {} : { [def.cursor.field]: final } };
}

/**
 * Child state: a cursor per parent (incremental), pages in progress, and how far through the
 * parents the current sync got. A stream-level cursor, when present, is the floor for parents without one of their own.
 */
interface ChildState {
  floor: number | undefined;
  parents: Record<string, number>;
  pending: Record<string, Pending>;
}

function readChildState(state: JsonObject | undefined, field: string | undefined): ChildState {
  const parents: Record<string, number> = {};
  const pending: Record<string, Pending> = {};
  if (isObject(state?.['parents'])) {
    for (const [k, v] of Object.entries(state['parents'])) {
      const n = isObject(v) ? Object.values(v).find((x) => typeof x === 'number') : v;
      if (typeof n === 'number') parents[k] = n;
    }
  }
  if (isObject(state?.['pending'])) {
    for (const [k, v] of Object.entries(state['pending'])) {
      const p = readPending(v);
      if (p) pending[k] = p;
    }
  }
  return { floor: field === undefined ? undefined : stateNumber(state, field), parents, pending };
}

type ChildEvent = ReadEvent | { type: 'progress'; key: string; next: string | undefined; seen: number | undefined };

/** Reads a child stream: every parent, a few at a time under the shared limiter. */
async function* readChildren(ctx: ReadContext, run: StreamRun, parentDef: StreamDefinition, read: StreamReaderFn): AsyncGenerator<ReadEvent> {
  const { def } = run;
  const field = def.cursor?.field;
  const incremental = run.syncMode === 'incremental' && def.cursor?.filter === 'client';
  const st = readChildState(run.state, incremental ? field : undefined);
  const parents = await listParents(ctx, def, parentDef, read);
  // Parents through completed_through, and those in completed_ahead, were finished by an earlier attempt of this sync.
  const { todo, progress } = resumeParents(parents, run.state);

  const snapshot = (): JsonObject => {
    const out: JsonObject = {};
    if (incremental && field !== undefined) {
      if (st.floor !== undefined) out[field] = st.floor;
      out['parents'] = Object.fromEntries(Object.entries(st.parents).map(([k, v]) => [k, { [field]: v }]));
    }
    // Progress through the parents in this sync; dropped once every parent is read.
    Object.assign(out, progress.toState());
    if (Object.keys(st.pending).length > 0) {
      out['pending'] = Object.fromEntries(Object.entries(st.pending).map(([k, p]) => [k, pendingState(p)]));
    }
    return out;
  };

  const work = async (slice: ParentSlice, push: (e: ChildEvent) => Promise<void>) => {
    const saved = incremental ? maxDefined(st.parents[slice.key], st.floor) : undefined;
    const cursor = listCursor(ctx, def, run, saved);
    const resume = st.pending[slice.key];
    let seen = resume?.seen;
    for await (const page of paginate({
      client: ctx.client,
      method: def.method ?? 'GET',
      path: fillPath(def.path, slice.fields),
      envelope: def.envelope,
      pagination: def.pagination,
      query: { ...def.query, ...def.configQuery?.(ctx.config) },
      startAt: resume?.next,
      tag: ctx.requestTag ?? def.name,
      ...(def.body ? { body: def.body(slice.fields) } : {}),
      onNotFound: () => {
        void push(parentGone(def.name, parentDef.name, slice.key));
      },
    })) {
      for (const item of page.items) {
        const record = toRecord(def, item, slice.fields);
        if (!keep(record, cursor)) continue;
        if (cursor.field !== undefined) seen = maxDefined(seen, cursorValue(record, cursor.field));
        await push({ type: 'record', stream: def.name, data: record });
      }
      if (page.next !== undefined) await push({ type: 'progress', key: slice.key, next: page.next, seen });
    }
    await push({ type: 'progress', key: slice.key, next: undefined, seen });
  };

  for await (const event of mergeConcurrent<ParentSlice, ChildEvent>(todo, def.parentConcurrency ?? 4, work)) {
    if (event.type !== 'progress') {
      yield event;
      continue;
    }
    if (event.next !== undefined) {
      st.pending[event.key] = { next: event.next, ...(event.seen === undefined ? {} : { seen: event.seen }) };
    } else {
      delete st.pending[event.key];
      if (incremental) {
        const merged = maxDefined(st.parents[event.key], event.seen);
        if (merged !== undefined) st.parents[event.key] = merged;
      }
      progress.finish(event.key);
    }
    yield { type: 'state', stream: def.name, state: snapshot() };
  }
  // The next sync starts again from the first parent (an incremental one with each parent's cursor).
  progress.through = undefined;
  st.pending = {};
  yield { type: 'state', stream: def.name, state: snapshot() };
}

export function createListReader(definitions: ReadonlyMap<string, StreamDefinition>, read: StreamReaderFn) {
  return async function* readList(ctx: ReadContext, run: StreamRun): AsyncGenerator<ReadEvent> {
    const parent = run.def.parent;
    if (parent === undefined) {
      yield* readTopLevel(ctx, run);
      return;
    }
    const parentDef = definitions.get(parent.stream);
    if (parentDef === undefined) throw new Error(`unknown parent stream ${parent.stream}`);
    yield* readChildren(ctx, run, parentDef, read);
  };
}
