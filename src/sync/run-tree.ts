import { CancelledError, ParentFailedError } from '../errors.js';
import type { JsonObject } from '../protocol/messages.js';
import type { MessageWriter } from '../protocol/output.js';
import { realEvery, startProgress, type Every } from '../progress.js';
import { selectedRuns, type PlanNode } from '../streams/plan/plan.js';
import { readPlanTree } from '../streams/read.js';
import type { ReadContext } from '../streams/types.js';
import { formatSummary } from '../summary.js';
import type { FailureSummary } from './failures.js';
import { StreamLifecycle } from './lifecycle.js';

export interface TreeRunDeps {
  ctx: ReadContext;
  writer: MessageWriter;
  now: () => number;
  states: ReadonlyMap<string, JsonObject>;
  failures: FailureSummary;
  every?: Every | undefined;
}

/**
 * Runs one tree of the read plan and turns its events into messages: each stream with its own
 * lifecycle, a failing stream stopping alone, and a progress line every 30 seconds.
 */
export async function runTree(root: PlanNode, deps: TreeRunDeps): Promise<void> {
  const { ctx, writer: w, now, failures } = deps;
  const started = now();
  const streams = new Map<string, StreamLifecycle>(selectedRuns(root).map((r) => [r.def.name, new StreamLifecycle(r.def.name, deps.states.get(r.def.name), w, now)]));
  const active = () => [...streams.values()].filter((s) => !s.failed && !s.completed);
  const requests = (stream: string) => ctx.client.requestCounts.get(stream) ?? 0;
  for (const s of streams.values()) await s.started();
  const stopProgress = startProgress({
    every: deps.every ?? realEvery,
    now,
    startedAt: started,
    running: () => active().map((s) => ({ stream: s.stream, records: s.total, requests: requests(s.stream) })),
    log: (message) => void w.log('INFO', message),
  });
  try {
    for await (const event of readPlanTree(ctx, root)) {
      if (event.type === 'log') {
        await w.log(event.level, event.message);
        continue;
      }
      const s = streams.get(event.stream);
      if (s === undefined || s.failed) continue;
      if (event.type === 'failed') await s.fail(failures.streamFailed(s.stream, event.error, now()));
      else if (event.type === 'records') {
        const note = ctx.records.undeclaredNote(s.stream);
        if (note !== undefined) await w.log('INFO', note);
        await s.records(event.data);
      } else await s.state(event.state);
    }
    for (const s of active()) {
      await s.complete(formatSummary({ stream: s.stream, records: s.total, seconds: (now() - started) / 1000, requests: requests(s.stream) }));
    }
  } catch (error) {
    if (error instanceof CancelledError) {
      for (const s of active()) await s.cancelled();
    } else {
      // The tree's list failed: its own stream with the error, every stream read per item of it naming it.
      for (const s of active()) await s.fail(failures.streamFailed(s.stream, s.stream === root.def.name ? error : new ParentFailedError(root.def.name, error), now()));
    }
  } finally {
    stopProgress();
  }
}
