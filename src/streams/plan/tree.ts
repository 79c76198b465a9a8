import { CancelledError } from '../../errors.js';
import type { JsonObject } from '../../json.js';
import { mergeConcurrent } from '../concurrent.js';
import { clientRange, cursorValue, inRange, maxDefined } from '../cursor.js';
import { paginate } from '../paginate.js';
import { listRequest } from '../list-request.js';
import type { ListStream, ReadContext, ReadEvent, StreamRun } from '../types.js';
import { windowRange } from '../custom/windows.js';
import { PageProgress } from './progress.js';
import { descendants, itemKey, type PlanNode } from './plan.js';
import { parseTreeState, treeStateJson, type SavedTree } from '../state/tree.js';
import { needsWork, readBatch, readForParent, type Consumer, type WorkEvent } from './children.js';

/** Parent items whose child endpoints are read at once, unless the parent's row says otherwise; the limiter sets the real pace. */
const DEFAULT_CHILD_CONCURRENCY = 4;
const BATCH_CONCURRENCY = 4;

function makeConsumer(ctx: ReadContext, node: PlanNode, run: StreamRun): Consumer {
  const saved: SavedTree = parseTreeState(run.def, run.state);
  const incremental = run.syncMode === 'incremental';
  return {
    node,
    def: run.def,
    incremental,
    saved,
    parents: new Map(incremental ? saved.parents : []),
    window: run.def.read === 'windows' ? windowRange(ctx, { ...run, def: run.def }, run.syncMode === 'incremental' ? saved.cursor : undefined) : undefined,
    progress: new PageProgress([], undefined),
    seen: undefined,
    sinceState: 0,
    failed: false,
  };
}

/**
 * Reads one tree of the plan: the root list once, page by page, and for each page every selected
 * stream below it (per item, or in batches of items), a few items at a time under the shared
 * limiter. Only the current page of parents is held. Each stream checkpoints when it is done with
 * an item it sent records for, and at every page boundary; a failing stream stops alone.
 */
export async function* readTree(ctx: ReadContext, root: PlanNode, list: ListStream): AsyncGenerator<ReadEvent> {
  const consumers = new Map<string, Consumer>();
  for (const node of [root, ...descendants(root)]) if (node.run) consumers.set(node.def.name, makeConsumer(ctx, node, node.run));
  const all = [...consumers.values()];
  const rootConsumer = root.run ? consumers.get(root.def.name) : undefined;
  const rootRange = rootConsumer?.incremental && list.cursor !== undefined ? clientRange(rootConsumer.saved.cursor, ctx.config) : undefined;
  // A list the API filters by time is asked only for what the range keeps.
  const since = list.since !== undefined && rootRange?.lower !== undefined ? { [list.since]: rootRange.lower } : {};
  const build = ctx.records.of(list);
  // The people set a bulk route waits for comes from this very read of the search.
  const feed = ctx.people?.search === list.name ? ctx.people : undefined;

  // Resume at a page only when every stream of the tree was saved on the same one ('' is the
  // first page); otherwise the pass starts over, which repeats work but loses nothing.
  const pages = all.map((c) => (c.saved.progress ? c.saved.progress.page ?? '' : undefined));
  const agreed = pages.length > 0 && pages.every((p) => p !== undefined && p === pages[0]) ? pages[0] : undefined;
  const resume = agreed === '' ? undefined : agreed;
  if (agreed !== undefined) for (const c of all) c.seen = c.saved.progress?.seen;

  const snapshot = (c: Consumer, page: string | undefined): JsonObject => ({ ...treeStateJson(c.def, {
    cursor: c.saved.cursor,
    parents: c.parents,
    progress: { page, seen: c.seen, items: c.progress.toState() },
  }) });

  let token = resume;
  let first = true;
  for await (const page of paginate(listRequest(ctx, list, { query: since, startAt: resume, tag: root.run ? root.def.name : `${root.def.name} (as parent)` }))) {
    feed?.add(page.items);
    // The whole set is known at the last page: who waits for it need not wait for that page's children too.
    if (page.next === undefined) feed?.finish(resume === undefined);
    const items: Array<{ key: string; record: JsonObject }> = [];
    for (const item of page.items) {
      const record = build(item);
      const key = record === undefined ? undefined : itemKey(root.def, record);
      if (record !== undefined && key !== undefined) items.push({ key, record });
    }
    const keys = items.map((i) => i.key);
    const carried = first && agreed !== undefined;
    for (const c of all) c.progress = new PageProgress(keys, carried ? c.saved.progress?.items : undefined);
    first = false;
    try {
      if (rootConsumer && !rootConsumer.failed) {
        const sent: JsonObject[] = [];
        for (const { key, record } of items) {
          if (rootConsumer.progress.isDone(key)) continue;
          rootConsumer.progress.finish(key);
          const at = list.cursor !== undefined ? cursorValue(record, list.cursor) : undefined;
          if (!inRange(at, rootRange)) continue;
          rootConsumer.seen = maxDefined(rootConsumer.seen, at);
          sent.push(record);
        }
        rootConsumer.sinceState += sent.length;
        if (sent.length > 0) yield { type: 'records', stream: root.def.name, data: sent };
        if (rootConsumer.sinceState > 0 && root.children.length > 0) {
          rootConsumer.sinceState = 0;
          yield { type: 'state', stream: root.def.name, state: snapshot(rootConsumer, token) };
        }
      }
      yield* track(ctx, root, items, consumers, (c) => snapshot(c, token));
    } catch (error) {
      if (error instanceof CancelledError) {
        for (const c of all) if (!c.failed) yield { type: 'state', stream: c.def.name, state: snapshot(c, token) };
      }
      throw error;
    }
    token = page.next;
    if (token !== undefined) {
      for (const c of all) {
        if (c.failed) continue;
        c.progress = new PageProgress([], undefined);
        c.sinceState = 0;
        yield { type: 'state', stream: c.def.name, state: snapshot(c, token) };
      }
    }
  }
  for (const c of all) {
    if (c.failed) continue;
    yield { type: 'state', stream: c.def.name, state: { ...treeStateJson(c.def, { cursor: finalCursor(c, root), parents: c.parents }) } };
  }
}

/** The stream-level cursor a finished pass leaves: what it read up to, and never behind the saved one. */
function finalCursor(c: Consumer, root: PlanNode): number | undefined {
  if (!c.incremental) return undefined;
  if (c.window) return maxDefined(c.saved.cursor, c.window.to);
  if (c.node === root || c.def.bulk !== undefined) return maxDefined(c.saved.cursor, c.seen);
  return c.saved.cursor;
}

/** Runs the children of one page of parent items and turns their progress into checkpoints. */
async function* track(
  ctx: ReadContext,
  root: PlanNode,
  items: Array<{ key: string; record: JsonObject }>,
  consumers: Map<string, Consumer>,
  snapshot: (c: Consumer) => JsonObject,
): AsyncGenerator<ReadEvent> {
  const live = (name: string) => {
    const c = consumers.get(name);
    return c !== undefined && !c.failed ? c : undefined;
  };
  const handle = function* (e: WorkEvent): Generator<ReadEvent> {
    if (e.type === 'done') {
      const c = live(e.stream);
      if (!c) return;
      for (const key of e.keys) c.progress.finish(key);
      // A per-person stream with a bulk route keeps one cursor, not one per person (a million of them).
      if (e.seen !== undefined && c.incremental && c.def.bulk !== undefined) c.seen = maxDefined(c.seen, e.seen);
      else if (e.seen !== undefined && c.incremental) for (const key of e.keys) c.parents.set(key, maxDefined(c.parents.get(key), e.seen) as number);
      if (c.sinceState > 0) {
        c.sinceState = 0;
        yield { type: 'state', stream: c.def.name, state: snapshot(c) };
      }
    } else if (e.type === 'moved') {
      live(e.stream)?.progress.moved(e.key, e.position);
    } else if (e.type === 'failed') {
      const c = live(e.stream);
      if (!c) return;
      c.failed = true;
      yield e;
    } else if (e.type === 'records') {
      const c = live(e.stream);
      if (!c) return;
      c.sinceState += e.data.length;
      yield e;
    } else {
      yield e;
    }
  };

  for (const node of root.children) {
    const def = node.def;
    const c = live(def.name);
    if (def.read !== 'batch' || !c) continue;
    const size = def.batch.size;
    const todo = items.filter((i) => !c.progress.isDone(i.key));
    const chunks: Array<typeof todo> = [];
    for (let i = 0; i < todo.length; i += size) chunks.push(todo.slice(i, i + size));
    for await (const e of mergeConcurrent(chunks, BATCH_CONCURRENCY, (chunk, push: (e: WorkEvent) => Promise<void>) => readBatch(ctx, c, def, chunk, push))) yield* handle(e);
  }

  const perItem = root.children.filter((n) => n.def.read !== 'batch');
  const jobs = items.flatMap((item) => perItem.filter((n) => needsWork(live, n, item.key)).map((node) => ({ item, node })));
  const limit = root.def.childConcurrency ?? DEFAULT_CHILD_CONCURRENCY;
  const events = mergeConcurrent(jobs, limit, ({ item, node }, push: (e: WorkEvent) => Promise<void>) =>
    readForParent(ctx, { node, parent: item.record, rootKey: item.key, parentDef: root.def, live }, push));
  for await (const e of events) yield* handle(e);
}
