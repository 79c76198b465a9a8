import { isObject, type JsonObject } from '../../json.js';

/** Series names with a column of their own; anything else lands in `extra_series`. */
export const KNOWN_SERIES = new Set([
  'attempted', 'bounced', 'clicked', 'converted', 'created', 'deferred', 'delivered', 'drafted', 'failed',
  'human_clicked', 'human_opened', 'link_untracked', 'machine_clicked', 'open_untracked', 'opened', 'prefetch_opened',
  'replied', 'sent', 'spammed', 'suppressed', 'topic_unsubscribed', 'tracking_consent_denied', 'tracking_consent_granted',
  'undeliverable', 'unsubscribed', 'untracked',
]);

export type Series = Record<string, Array<number | null>>;

/**
 * Series from either documented shape: `{metric: {series: {name: [v...]}}}` (the API reference)
 * or `{series: {series: [{name: v}, ...]}}` (one object per step, as some clients read it).
 */
export function seriesOf(body: unknown): Series {
  if (!isObject(body)) return {};
  const metric = body['metric'];
  const fromMetric = isObject(metric) ? metric['series'] : undefined;
  if (isObject(fromMetric)) return arraysOf(fromMetric);
  const outer = body['series'];
  if (isObject(outer)) {
    const inner = outer['series'];
    if (Array.isArray(inner)) return stepsToArrays(inner);
    return arraysOf(outer);
  }
  if (Array.isArray(outer)) return stepsToArrays(outer);
  return {};
}

function arraysOf(obj: JsonObject): Series {
  const out: Series = {};
  for (const [name, values] of Object.entries(obj)) {
    if (Array.isArray(values)) out[name] = values.map((v) => (typeof v === 'number' ? v : null));
  }
  return out;
}

function stepsToArrays(steps: unknown[]): Series {
  const out: Series = {};
  steps.forEach((step, i) => {
    if (!isObject(step)) return;
    for (const [name, v] of Object.entries(step)) {
      const arr = (out[name] ??= new Array<number | null>(steps.length).fill(null));
      arr[i] = typeof v === 'number' ? v : null;
    }
  });
  return out;
}

export function seriesLength(series: Series): number {
  return Math.max(0, ...Object.values(series).map((a) => a.length));
}

/** The columns of bucket i: known series as columns, the rest under extra_series. */
export function bucketColumns(series: Series, i: number, known: ReadonlySet<string> = KNOWN_SERIES): JsonObject {
  const row: JsonObject = {};
  const extra: JsonObject = {};
  for (const [name, values] of Object.entries(series)) {
    const v = values[i] ?? null;
    if (known.has(name)) row[name] = v;
    else extra[name] = v;
  }
  if (Object.keys(extra).length > 0) row['extra_series'] = extra;
  return row;
}
