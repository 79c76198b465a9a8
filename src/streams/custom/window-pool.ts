/*
 * Delivery windows read as one pool of chains. Read one after another, each window leaves the
 * request budget idle twice: while its first page (the probe that decides its split) is the only
 * request, and while the last of its slices finish. Here the next window's probe goes out while
 * the current window's slices are still read, and the slices of every open window share the
 * pool, so the limiter always has a request waiting. Probes stay one at a time, in window order:
 * a window is begun only once the one before it has answered (a 404 ends the read before another
 * window is asked for), and the saved position stays "every unfinished slice, and the windows
 * from `start` on".
 */
import { CancelledError } from '../../errors.js';
import type { JsonObject } from '../../json.js';
import type { WindowPosition, WindowSlice } from '../state/window.js';
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

/** How many chains to keep going: `target`, below which another window is opened; `most`, run at once. */
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
 * Records are yielded as pages come; a progress event follows every page. A failure stops every
 * task; a cancellation is thrown once the tasks in flight have settled and their pages are
 * yielded, so a reader sees the progress of every page it emitted.
 */
export async function* readWindowPool(resume: { start: number; slices: readonly WindowSlice[] }, o: PoolOptions): AsyncGenerator<WindowEvent> {
  const open = new Map<number, WindowSlice>();
  const queued: number[] = [];
  let ids = 0;
  let chains = 0;
  // Tasks not settled; `probing` lasts until the reader takes the probe's answer.
  let running = 0;
  let probing = false;
  let ended = false;
  let start = resume.start;
  const held: Outcome[] = [];
  let failure: { error: unknown } | undefined;
  let closed = false;
  let wakeReader: (() => void) | undefined;
  const waitingTasks: Array<() => void> = [];

  const wake = () => {
    wakeReader?.();
    wakeReader = undefined;
  };
  const releaseTasks = () => {
    for (const go of waitingTasks.splice(0)) go();
  };
  /** Hands `outcome` to the reader; false once the pool has stopped, and the task should end. */
  const hand = async (outcome: Outcome): Promise<boolean> => {
    while (held.length >= HELD && failure === undefined && !closed) await new Promise<void>((go) => waitingTasks.push(go));
    if (failure !== undefined || closed) return false;
    held.push(outcome);
    wake();
    return true;
  };
  const launch = (task: () => Promise<void>, after: () => void) => {
    running++;
    const settled = () => {
      running--;
      after();
    };
    task().then(
      () => {
        settled();
        fill();
        wake();
      },
      (error: unknown) => {
        settled();
        failure ??= { error };
        wake();
        releaseTasks();
      },
    );
  };
  const add = (slice: WindowSlice) => {
    const id = ids++;
    open.set(id, slice);
    queued.push(id);
  };
  const startChain = (id: number, slice: WindowSlice) => {
    chains++;
    launch(async () => {
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
    const window = { start, end: o.windowEnd(start) };
    probing = true;
    launch(async () => {
      let page: SlicePage | undefined;
      for await (const first of o.read.pages(window)) {
        page = first;
        break;
      }
      await hand({ type: 'probed', window, page });
      // `probing` ends when the reader takes the answer: `start` moves on only then.
    }, () => {});
  };
  /** Starts queued slices up to `most`, and the next window's probe when fewer than `target` chains are left. */
  const fill = () => {
    if (failure !== undefined || closed) return;
    const { target, most } = o.inFlight();
    while (queued.length > 0 && chains < most) {
      const id = queued.shift() as number;
      const slice = open.get(id);
      if (slice !== undefined) startChain(id, slice);
    }
    if (o.gone() || start > o.to) ended = true;
    if (!probing && !ended && chains + queued.length < target) startProbe();
  };
  const position = (): WindowPosition | undefined => (open.size === 0 && ended ? undefined : { start, ...(open.size > 0 ? { slices: [...open.values()] } : {}) });

  for (const slice of resume.slices) add(slice);
  try {
    fill();
    for (;;) {
      const outcome = held.shift();
      if (outcome === undefined) {
        if (failure !== undefined && (running === 0 || !(failure.error instanceof CancelledError))) throw failure.error;
        if (running === 0 && !probing && queued.length === 0 && ended) break;
        await new Promise<void>((go) => { wakeReader = go; });
        continue;
      }
      waitingTasks.shift()?.();
      if (outcome.type === 'records') {
        yield outcome;
        continue;
      }
      if (outcome.type === 'moved') {
        if (outcome.slice === undefined) open.delete(outcome.id);
        else open.set(outcome.id, outcome.slice);
      } else {
        const { window, page } = outcome;
        // The pool moves on before the page is yielded: tasks that settle meanwhile see the window begun.
        if (page === undefined) ended = true;
        else {
          for (const slice of o.split(window, page)) add(slice);
          start = window.end + 1;
        }
        probing = false;
        if (page !== undefined && page.records.length > 0) yield { type: 'records', data: page.records };
      }
      fill();
      const at = position();
      if (at !== undefined) yield { type: 'progress', position: at };
    }
  } finally {
    closed = true;
    releaseTasks();
  }
  yield { type: 'progress', position: undefined };
}
