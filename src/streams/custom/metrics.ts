import type { MetricsPeriod } from '../../config.js';
import { isObject, type JsonObject } from '../../json.js';
import type { MetricsStream, ReadContext } from '../types.js';
import { v1BucketStarts, v2Range, V1_MAX_STEPS } from './buckets.js';
import { bucketColumns, seriesLength, seriesOf, type Series } from './series.js';

/** v2 and journey metrics take these resolution names. */
const RES: Record<MetricsPeriod, string> = { hours: 'hours', days: 'days', weeks: 'weeks', months: 'months' };
/** Each period's maximum, except months: 12 (the documented default) unless the row asks for more. */
function stepsFor(def: MetricsStream, period: MetricsPeriod): number {
  return period === 'months' ? def.metrics.monthSteps ?? 12 : V1_MAX_STEPS[period];
}

const JOURNEY_KEYS = new Set(['started', 'activated', 'never_activated', 'messaged', 'exited_early', 'finished', 'converted']);
const LINK_KEYS = new Set(['clicked', 'human_clicked', 'machine_clicked']);

interface Request { query: Record<string, string | number | undefined>; starts: string[] }

function buildRequest(def: MetricsStream, period: MetricsPeriod, now: number): Request {
  const steps = stepsFor(def, period);
  const spec = def.metrics;
  if (spec.shape === 'journey' || spec.version === 2) {
    const { start, end, starts } = v2Range(period, steps, now);
    const query = spec.shape === 'journey'
      ? { start, end, resolution: RES[period], res: RES[period], tz: 'UTC' }
      : { version: 2, start, end, res: RES[period], tz: 'UTC' };
    return { query, starts };
  }
  return { query: { period, steps }, starts: v1BucketStarts(period, steps, now) };
}

function rows(def: MetricsStream, body: unknown, req: Request, period: MetricsPeriod, base: JsonObject): JsonObject[] {
  const shape = def.metrics.shape;
  const out: JsonObject[] = [];
  const emit = (series: Series, known: ReadonlySet<string> | undefined, extra: JsonObject) => {
    const n = Math.min(seriesLength(series), req.starts.length);
    // The API returns oldest first and at most as many buckets as asked; align from the newest end.
    const offset = req.starts.length - n;
    for (let i = 0; i < n; i++) {
      out.push({ ...base, ...extra, period, period_start: req.starts[offset + i], step_index: offset + i, ...bucketColumns(series, i, known) });
    }
  };
  if (shape === 'journey') {
    const jm = isObject(body) ? body['journey_metric'] : undefined;
    emit(isObject(jm) ? seriesOf({ metric: { series: jm } }) : {}, JOURNEY_KEYS, {});
  } else if (shape === 'links') {
    const links = isObject(body) && Array.isArray(body['links']) ? body['links'] : [];
    for (const entry of links) {
      if (!isObject(entry)) continue;
      const link = isObject(entry['link']) ? entry['link'] : {};
      emit(seriesOf(entry), LINK_KEYS, { link_id: link['id'] ?? null, href: link['href'] ?? null });
    }
  } else {
    const metric = isObject(body) && isObject(body['metric']) ? body['metric'] : undefined;
    const extra: JsonObject = def.metrics.typeColumn ? { type: metric?.['type'] ?? null } : {};
    emit(seriesOf(body), undefined, extra);
  }
  return out;
}

/**
 * The metrics rows of one parent: one request per configured period, each response one row per
 * bucket keyed by the bucket's absolute start.
 */
export async function* readMetricsFor(ctx: ReadContext, def: MetricsStream, path: string, fields: JsonObject, onNotFound: () => void): AsyncGenerator<JsonObject> {
  const build = ctx.records.of(def);
  for (const period of ctx.config.metricsPeriods) {
    const req = buildRequest(def, period, Math.floor(ctx.now() / 1000));
    const response = await ctx.client.get<unknown>(path, { query: req.query, tag: def.name, allowStatuses: [404] });
    if (response.status === 404) {
      onNotFound();
      return;
    }
    for (const row of rows(def, response.body, req, period, fields)) yield build(row) ?? row;
  }
}
