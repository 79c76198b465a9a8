/*
 * Delivery windows read as one pool of chains. Read one after another, each window leaves the
 * request budget idle twice: while its first page (the probe that decides its split) is the only
 * request, and while the last of its slices finish. Here the next window's probe goes out while
 * the current window's slices are still read, and the slices of every open window share the
 * pool, so the limiter always has a request waiting. Windows are begun in order: a probe that
 * answers before an older one waits for it, so the saved position stays "every unfinished slice,
 * and the windows from `start` on", as before the pool.
 */
import type { JsonObject } from '../../json.js';
import type { WindowPosition, WindowSlice } from '../state/window.js';
import { TaskMerge } from '../concurrent.js';
import { MAX_SLICES } from './slices.js';

/** A start_ts/end_ts range, inclusive unix seconds. */
export interface Span { start: number; end: number }

/** A page of a slice: the records it keeps, the cursor values of all its records (worked out when asked), the next token. */
export interface SlicePage { records: JsonObject[]; times: () => number[]; next: string | undefined }

export interface SliceReader {
  /** The pages of one slice from its token. */
  pages(slice: WindowSlice): AsyncGenerator<SlicePage>;
}

export type WindowEvent =
  | { type: 'records'; data: JsonObject[] }
  /** Everything up to `position` is emitted; `position` undefined means the whole range is done. */
  | { type: 'progress'; position: WindowPosition | undefined };

/** How many chains to keep going: `target`, below which another window is probed; `most`, run at once (probes aside). */
export interface InFlight { target: number; most: number }

/** The most chains the pool aims at, whatever the latency: 32 connections, some left to other streams. */
export const MAX_TARGET = 24;

/**
 * Chains that keep `requestsPerSecond` busy when answers take `latencyMs`: rate × latency, half as
 * much again for answers slower than the average, and two, so that a request is queued while
 * another chain waits for its answer. A window's slices may take the count past `target` by up to
 * a window's worth; `most` is only reached by a resumed state holding more slices than that.
 */
export function chainsInFlight(requestsPerSecond: number, latencyMs: number): InFlight {
  const target = Math.min(MAX_TARGET, Math.ceil(requestsPerSecond * (latencyMs / 1000) * 1.5) + 2);
  return { target, most: target + MAX_SLICES };
}

export interface PoolOptions {
  /** The last second to read, and the end of the window that begins at a given second. */
  to: number;
  windowEnd: (start: number) => number;
  read: SliceReader;
  /** The slices the rest of a window is read in, from its first page (none: the page was all of it). */
  split: (window: Span, first: SlicePage) => WindowSlice[];
  inFlight: () => InFlight;
  /** The list is gone (404): no window is begun after this. */
  gone: () => boolean;
  /**
   * Probes in flight at once: 1 where the list may be gone (a 404 then costs no second request),
   * else 2, so that the first two windows start together.
   */
  probes: number;
}

/** What the pool's tasks hand to the reader: records, a chain's new place (undefined: done), a probe's answer. */
type Outcome =
  | { type: 'records'; data: JsonObject[] }
  | { type: 'moved'; id: number; slice: WindowSlice | undefined }
  | { type: 'probed'; window: Span; page: SlicePage | undefined };

/** Outcomes held for the reader; a task waits beyond this (a page or two per chain ahead of stdout). */
const HELD = 16;

/**
 * Reads `resume.slices`, then the windows from `resume.start` to `o.to`, as described above.
 * Records are yielded as pages come; a progress event follows every page. The tasks' pages are
 * merged by TaskMerge (a failure stops the pool; a cancellation is thrown once the tasks in flight
 * have settled and their pages are yielded).
 */
export async function* readWindowPool(resume: { start: number; slices: readonly WindowSlice[] }, o: PoolOptions): AsyncGenerator<WindowEvent> {
  const open = new Map<number, WindowSlice>();
  const queued: number[] = [];
  let ids = 0;
  let chains = 0;
  // Windows probed and not yet begun, oldest first: a window is begun once those before it are.
  const probes: Array<{ window: Span; answer?: { page: SlicePage | undefined } }> = [];
  // Where the next probe starts; `ended`, no window is probed any more.
  let probeAt = resume.start;
  let ended = false;
  /** Starts queued slices up to `most`, and the next windows' probes while fewer than `target` chains are left. */
  const fill = () => {
    if (merge.stopped) return;
    const { target, most } = o.inFlight();
    while (queued.length > 0 && chains < most) {
      const id = queued.shift() as number;
      const slice = open.get(id);
      if (slice !== undefined) startChain(id, slice);
    }
    if (o.gone() || probeAt > o.to) ended = true;
    while (!ended && probes.length < o.probes && chains + queued.length + probes.length < target) {
      startProbe();
      if (probeAt > o.to) ended = true;
    }
  };
  const merge = new TaskMerge<Outcome>(HELD, fill);

  const add = (slice: WindowSlice) => {
    const id = ids++;
    open.set(id, slice);
    queued.push(id);
  };
  const startChain = (id: number, slice: WindowSlice) => {
    chains++;
    merge.run(async (hand) => {
      let last: WindowSlice | undefined = slice;
      for await (const page of o.read.pages(slice)) {
        if (page.records.length > 0 && !(await hand({ type: 'records', data: page.records }))) return;
        last = page.next === undefined ? undefined : { ...slice, next: page.next };
        if (!(await hand({ type: 'moved', id, slice: last }))) return;
      }
      // Pages that stop without a last one (the list went away) still close the slice.
      if (last !== undefined) await hand({ type: 'moved', id, slice: undefined });
    }, () => { chains--; });
  };
  const startProbe = () => {
    const window = { start: probeAt, end: o.windowEnd(probeAt) };
    probes.push({ window });
    probeAt = window.end + 1;
    merge.run(async (hand) => {
      let page: SlicePage | undefined;
      for await (const first of o.read.pages(window)) {
        page = first;
        break;
      }
      await hand({ type: 'probed', window, page });
    });
  };
  /** Windows from `start` on are not begun: the first probed and unanswered, or the next to probe. */
  const position = (): WindowPosition | undefined => {
    if (open.size === 0 && ended && probes.length === 0) return undefined;
    return { start: probes[0]?.window.start ?? probeAt, ...(open.size > 0 ? { slices: [...open.values()] } : {}) };
  };
  /** Begins the windows whose probes have answered, in order; returns their first pages' records. */
  const begin = (window: Span, page: SlicePage | undefined): JsonObject[][] => {
    const probe = probes.find((p) => p.window.start === window.start);
    // A probe of a read that ended (the list went away) is dropped.
    if (probe === undefined) return [];
    probe.answer = { page };
    const records: JsonObject[][] = [];
    for (let head = probes[0]; head?.answer !== undefined; head = probes[0]) {
      const first = head.answer.page;
      if (first === undefined) {
        ended = true;
        probes.length = 0;
        break;
      }
      probes.shift();
      for (const slice of o.split(head.window, first)) add(slice);
      if (first.records.length > 0) records.push(first.records);
    }
    return records;
  };

  for (const slice of resume.slices) add(slice);
  fill();
  for await (const outcome of merge.items(() => probes.length > 0 || queued.length > 0 || !ended)) {
    if (outcome.type === 'records') {
      yield outcome;
      continue;
    }
    if (outcome.type === 'moved') {
      if (outcome.slice === undefined) open.delete(outcome.id);
      else open.set(outcome.id, outcome.slice);
    } else {
      // The pool moves on before the pages are yielded: tasks that settle meanwhile see the windows begun.
      for (const data of begin(outcome.window, outcome.page)) yield { type: 'records', data };
    }
    fill();
    const at = position();
    if (at !== undefined) yield { type: 'progress', position: at };
  }
  yield { type: 'progress', position: undefined };
}
