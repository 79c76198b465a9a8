import { CancelledError, ParentFailedError } from '../../errors.js';
import type { JsonObject } from '../../json.js';
import { mergeConcurrent } from '../concurrent.js';
import { clientRange, cursorValue, inRange, maxDefined } from '../cursor.js';
import { fillPath, itemsOf, paginate } from '../paginate.js';
import { listRequest } from '../list-request.js';
import type { BatchStream, ListStream, MetricsStream, ReadContext, ReadEvent, StreamDefinition, WindowStream } from '../types.js';
import { readMetricsFor } from '../custom/metrics.js';
import { recordsOf } from '../records.js';
import type { PageProgress } from './progress.js';
import { readWindows } from '../custom/windows.js';
import { readWindowPosition } from '../state/window.js';
import { itemKey, subtree, type PlanNode } from './plan.js';
import type { SavedTree } from '../state/tree.js';

/** A selected stream of a tree, with what its read has done so far. */
export interface Consumer {
  node: PlanNode;
  def: StreamDefinition;
  incremental: boolean;
  saved: SavedTree;
  /** Cursor per parent item (client-filtered incremental children), updated as items finish. */
  parents: Map<string, number>;
  /** The delivery range of a windowed stream. */
  window: { from: number; to: number; saved: number | undefined } | undefined;
  /** Progress through the items of the current parent page. */
  progress: PageProgress;
  /** Newest cursor value sent (root lists, and per-person streams with a bulk route). */
  seen: number | undefined;
  /** Records sent since this stream's last checkpoint. */
  sinceState: number;
  failed: boolean;
}

/** What child reads report: records and logs, failures, and progress per parent item. */
export type WorkEvent =
  | ReadEvent
  | { type: 'done'; stream: string; keys: string[]; seen?: number | undefined }
  | { type: 'moved'; stream: string; key: string; position: JsonObject };

export type Push = (e: WorkEvent) => Promise<void>;

export interface ParentJob {
  node: PlanNode;
  /** The parent record the node's request is made for. */
  parent: JsonObject;
  /** The key of the tree's root item this work belongs to: progress is kept per root item. */
  rootKey: string;
  parentDef: StreamDefinition;
  live: Live;
}

/** How many grandchildren of one parent item are read at once. */
const GRANDCHILD_CONCURRENCY = 4;

/** The child record fields a parent provides (ParentRef.fields: child field -> parent field). */
function parentFields(def: StreamDefinition, parent: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [child, field] of Object.entries(def.parent?.fields ?? {})) out[child] = parent[field];
  return out;
}

export type Live = (stream: string) => Consumer | undefined;

/** The live stream of `node` when it still has work for the root item `key`. */
function pendingFor(live: Live, node: PlanNode, key: string): Consumer | undefined {
  const c = live(node.def.name);
  return c !== undefined && !c.progress.isDone(key) ? c : undefined;
}

/** Whether any stream at or below `node` still has work for the root item `key`. */
export function needsWork(live: Live, node: PlanNode, key: string): boolean {
  return subtree(node).some((n) => pendingFor(live, n, key) !== undefined);
}

const pending = (job: ParentJob, node: PlanNode) => pendingFor(job.live, node, job.rootKey);

/** Records of a batch endpoint for a chunk of parent items (one request per chunk, never one per item). */
export async function readBatch(ctx: ReadContext, c: Consumer, def: BatchStream, chunk: Array<{ key: string; record: JsonObject }>, push: Push): Promise<void> {
  const batch = def.batch;
  const build = ctx.records.of(def);
  try {
    const ids = chunk.map((i) => String(i.record[batch.parentField]));
    const response = await ctx.client.post<unknown>(def.path, { query: { ...def.query }, body: batch.body(ids), tag: def.name });
    const records: JsonObject[] = [];
    for (const item of itemsOf(response.body, def.envelope, def.path)) {
      const record = build(item);
      if (record !== undefined && itemKey(def, record) !== undefined) records.push(record);
    }
    if (records.length > 0) await push({ type: 'records', stream: def.name, data: records });
    await push({ type: 'done', stream: def.name, keys: chunk.map((i) => i.key) });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    await push({ type: 'failed', stream: def.name, error });
  }
}

/**
 * Reads one child endpoint for one parent item, once, for every stream that needs it: the child
 * stream itself and, per child record, its own children (e.g. actions and their metrics). A
 * failure fails the streams that depended on that read, and only them.
 */
export async function readForParent(ctx: ReadContext, job: ParentJob, push: Push): Promise<void> {
  const own = pending(job, job.node);
  const grand = job.node.children.filter((g) => needsWork(job.live, g, job.rootKey));
  if (own === undefined && grand.length === 0) return;
  const involved = subtree(job.node).map((n) => pending(job, n)).filter((c): c is Consumer => c !== undefined);
  let read: OwnRead;
  try {
    read = await readOnce(ctx, job, own, grand, push);
    // The page the child stream stopped at never came round in the read from the start (the list
    // changed since): it is read from there on its own, so that nothing after it is lost.
    if (own !== undefined && !read.resumed) read = await readOnce(ctx, job, own, [], push);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // The child list's own stream fails with the error; the streams read per item of it name it.
    for (const c of involved) await push({ type: 'failed', stream: c.def.name, error: c.node === job.node ? error : new ParentFailedError(job.node.def.name, error) });
    return;
  }
  for (const c of involved) {
    if (c === own && read.reported) continue;
    await push({ type: 'done', stream: c.def.name, keys: [job.rootKey], ...(c === own ? { seen: read.seen } : {}) });
  }
}

/**
 * What one read did for the child stream itself: the newest cursor value, whether it already
 * reported the item done, and whether it reached the page the stream had stopped at.
 */
interface OwnRead { seen: number | undefined; reported: boolean; resumed: boolean }

/** How a child endpoint is read once for one parent item (readOnce picks one by its kind of read). */
type ChildRead<D extends StreamDefinition> = (ctx: ReadContext, job: ParentJob, def: D, own: Consumer | undefined, grand: PlanNode[], push: Push, onNotFound: () => void) => Promise<OwnRead>;

/** A parent's rows go out together: a sync cancelled between its periods sends none of them. */
const readMetricsOnce: ChildRead<MetricsStream> = async (ctx, job, def, own, _grand, push, onNotFound) => {
  const fields = parentFields(def, job.parent);
  const rows: JsonObject[] = [];
  if (own) for await (const row of readMetricsFor(ctx, def, fillPath(def.path, fields), fields, onNotFound)) rows.push(row);
  if (rows.length > 0) await push({ type: 'records', stream: def.name, data: rows });
  return { seen: undefined, reported: false, resumed: true };
};

/** Deliveries of one parent item in windows; they resume inside their own reader. */
const readWindowsOnce: ChildRead<WindowStream> = async (ctx, job, def, own, _grand, push, onNotFound) => {
  if (own?.window === undefined) return { seen: undefined, reported: false, resumed: true };
  const fields = parentFields(def, job.parent);
  const resume = readWindowPosition(own.progress.resumeAt(job.rootKey));
  for await (const e of readWindows(ctx, def, fillPath(def.path, fields), own.window, resume, fields, onNotFound)) {
    if (e.type === 'records') await push({ type: 'records', stream: def.name, data: e.data });
    else if (e.position !== undefined) await push({ type: 'moved', stream: def.name, key: job.rootKey, position: { ...e.position } });
  }
  return { seen: undefined, reported: false, resumed: true };
};

/** One read of the node's endpoint for job.parent, for `own` (the node's stream, if it reads) and the grandchildren `grand`. */
async function readOnce(ctx: ReadContext, job: ParentJob, own: Consumer | undefined, grand: PlanNode[], push: Push): Promise<OwnRead> {
  const def = job.node.def;
  let gone = false;
  const onNotFound = () => { gone = true; };
  let read: OwnRead;
  switch (def.read) {
    case 'list': read = await readListOnce(ctx, job, def, own, grand, push, onNotFound); break;
    case 'windows': read = await readWindowsOnce(ctx, job, def, own, grand, push, onNotFound); break;
    case 'metrics': read = await readMetricsOnce(ctx, job, def, own, grand, push, onNotFound); break;
    default: throw new Error(`${def.name} (${def.read}) is not read per parent item`);
  }
  if (gone) {
    // A parent deleted between listing it and reading its children: nothing left to read.
    const level = job.parentDef.childNotFound === 'debug' ? 'DEBUG' : 'WARN';
    await push({ type: 'log', level, message: `${def.name}: parent ${job.parentDef.name} ${job.rootKey} was not found (HTTP 404), probably deleted during the sync; skipped.` });
  }
  // A parent deleted (404): nothing to resume at.
  return { ...read, resumed: read.resumed || gone };
}

/** A list of one parent item, for its own stream from the page it stopped at, and for the grandchildren read per record of it. */
const readListOnce: ChildRead<ListStream> = async (ctx, job, def, own, grand, push, onNotFound) => {
  const fields = parentFields(def, job.parent);
  const path = fillPath(def.path, fields);
  const build = ctx.records.of(def);
  let seen: number | undefined;
  let reported = false;
  let resumed = false;
  const range = own?.incremental && def.cursor !== undefined
    ? clientRange(maxDefined(own.parents.get(job.rootKey), own.saved.cursor), ctx.config)
    : undefined;
  const stoppedAt = own?.progress.resumeAt(job.rootKey)?.['next'];
  const savedNext = typeof stoppedAt === 'string' ? stoppedAt : undefined;
  // Grandchildren need the whole list, so it is read from its start; the child stream, stopped
  // mid-list in an earlier sync, sends records again from the page it stopped at.
  const startAt = grand.length === 0 ? savedNext : undefined;
  let token = startAt;
  // Grandchildren done for some records of this list already (a resumed sync), by grandchild stream.
  const doneBelow = new Map(grand.map((node) => {
    const saved = pending(job, node)?.progress.resumeAt(job.rootKey)?.['done'];
    return [node.def.name, new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : [])];
  }));
  for await (const page of paginate(listRequest(ctx, def, { path, fields, startAt, tag: own ? def.name : `${def.name} (as parent)`, onNotFound }))) {
    if (token === savedNext) resumed = true;
    token = page.next;
    const records = recordsOf(build, page.items, fields);
    if (own && resumed) {
      const kept = records.filter((record) => {
        const value = def.cursor !== undefined ? cursorValue(record, def.cursor) : undefined;
        if (!inRange(value, range)) return false;
        seen = maxDefined(seen, value);
        return true;
      });
      if (kept.length > 0) await push({ type: 'records', stream: def.name, data: kept });
      // Checkpointed before the grandchildren of the page are read, so a stop among them repeats none of it.
      if (page.next !== undefined) await push({ type: 'moved', stream: def.name, key: job.rootKey, position: { next: page.next } });
      else {
        await push({ type: 'done', stream: def.name, keys: [job.rootKey], seen });
        reported = true;
      }
    }
    if (grand.length > 0) {
      const jobs = records.flatMap((record) => {
        const key = itemKey(def, record);
        return key === undefined ? [] : grand.filter((node) => !doneBelow.get(node.def.name)?.has(key)).map((node) => ({ record, key, node }));
      });
      for await (const e of mergeConcurrent(jobs, GRANDCHILD_CONCURRENCY, async ({ record, key, node }, inner: Push) => {
        const sub: ParentJob = { ...job, node, parent: record, parentDef: def };
        try {
          await readOnce(ctx, sub, pending(sub, node), node.children.filter((n) => needsWork(sub.live, n, sub.rootKey)), inner);
        } catch (error) {
          // A grandchild that fails stops alone: the list above it and its siblings go on.
          if (error instanceof CancelledError) throw error;
          for (const n of subtree(node)) if (pending(sub, n)) await inner({ type: 'failed', stream: n.def.name, error });
          return;
        }
        const done = doneBelow.get(node.def.name) as Set<string>;
        done.add(key);
        if (pending(sub, node)) await inner({ type: 'moved', stream: node.def.name, key: job.rootKey, position: { done: [...done] } });
      })) await push(e);
    }
  }
  return { seen, reported, resumed };
};
