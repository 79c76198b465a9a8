// Metrics endpoints (API.md §2.3-2.5, 2.7, 2.10, 2.13, 2.38, §3). v1: period + steps relative
// to dataset.now; v2 (campaigns and campaign actions with version=2): res + start/end.
import { badRequest, notFound } from '../errors.js';
import {
  MAX_STEPS,
  buildSeries,
  bucketsBetween,
  defaultSteps,
  formatUtc,
  lastBuckets,
  parseResolution,
  seriesAsList,
  seriesNamesFor,
  shiftBuckets,
  type Period,
  type Series,
} from '../metrics-series.js';
import {
  broadcastActionFrom,
  broadcastFrom,
  campaignActionFrom,
  campaignFrom,
  newsletterFrom,
  transactionalFrom,
} from '../lookups.js';
import { oneOf, optionalBool, optionalInt, pathId } from '../query.js';
import { hashString } from '../random.js';
import { urlWithCredentials } from '../generate/variety.js';
import { presentAll } from '../present.js';
import { route, type RequestContext, type Route } from '../router.js';

const PERIODS: readonly Period[] = ['hours', 'days', 'weeks', 'months'];
const TEN_YEARS = 10 * 366 * 86400;

const JOURNEY_SERIES = ['started', 'activated', 'never_activated', 'messaged', 'exited_early', 'finished', 'converted'] as const;
const LINK_SERIES = ['clicked', 'human_clicked', 'machine_clicked'] as const;

interface V1Buckets {
  period: Period;
  buckets: number[];
}

/** period (default days) and steps (default the max, 12 for months; clamped to the max). */
function v1Buckets(ctx: RequestContext): V1Buckets {
  const period = oneOf(ctx.query, 'period', PERIODS, 'days');
  const requested = optionalInt(ctx.query, 'steps');
  if (requested !== undefined && requested < 1) throw badRequest('`steps` must be a positive integer.');
  const steps = Math.min(requested ?? defaultSteps(period), MAX_STEPS[period]);
  return { period, buckets: lastBuckets(ctx.dataset.now, period, steps) };
}

/** Wraps a series in the configured response shape; `extra` goes inside `metric` (newsletters' type). */
function metricBody(ctx: RequestContext, series: Series, steps: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (ctx.metricsShape === 'list') return { series: { series: seriesAsList(series, steps) } };
  return { metric: { series, ...extra } };
}

function v1Metrics(ctx: RequestContext, extra?: Record<string, unknown>): Record<string, unknown> {
  const { period, buckets } = v1Buckets(ctx);
  const series = buildSeries(`${ctx.path}|${period}`, seriesNamesFor(ctx.path), buckets);
  return metricBody(ctx, series, buckets.length, extra);
}

interface Range {
  start: number;
  end: number;
}

function requiredRange(ctx: RequestContext): Range {
  const start = optionalInt(ctx.query, 'start');
  const end = optionalInt(ctx.query, 'end');
  if (start === undefined || end === undefined) throw badRequest('`start` and `end` are required.');
  if (end < start) throw badRequest('`end` must not be before `start`.');
  if (end - start > TEN_YEARS) throw badRequest('`end` must be within 10 years of `start`.');
  return { start, end };
}

function v2Metrics(ctx: RequestContext): Record<string, unknown> {
  const res = ctx.query['res'] ?? 'days';
  const period = parseResolution(res, 'res');
  const { start, end } = requiredRange(ctx);
  const buckets = bucketsBetween(start, end, period);
  const series = buildSeries(`${ctx.path}|${period}`, seriesNamesFor(ctx.path), buckets);
  const last = buckets[buckets.length - 1] as number;
  return {
    res,
    start: formatUtc(buckets[0] as number),
    end: formatUtc(shiftBuckets(last, period, 1)),
    ...metricBody(ctx, series, buckets.length),
  };
}

/** Campaign-level endpoints switch to v2 only for version=2; anything else is v1. */
function v1OrV2(ctx: RequestContext): Record<string, unknown> {
  return ctx.query['version'] === '2' ? v2Metrics(ctx) : v1Metrics(ctx);
}

function journeyMetrics(ctx: RequestContext): Record<string, unknown> {
  const resolution = ctx.query['resolution'];
  if (ctx.query['start'] === undefined || ctx.query['end'] === undefined || resolution === undefined) {
    throw badRequest('`start`, `end` and `resolution` are required.');
  }
  const period = parseResolution(resolution, 'resolution');
  const { start, end } = requiredRange(ctx);
  const buckets = bucketsBetween(start, end, period);
  return { journey_metric: buildSeries(`${ctx.path}|${period}`, JOURNEY_SERIES, buckets) };
}

function linkMetrics(ctx: RequestContext): Record<string, unknown> {
  optionalBool(ctx.query, 'unique');
  const { period, buckets } = v1Buckets(ctx);
  const base = hashString(ctx.path);
  const count = 2 + (base % 2);
  const unique = ctx.query['unique'] ?? 'false';
  return {
    links: presentAll(ctx.dataset.seed, 'link', Array.from({ length: count }, (_, k) => ({
      link: { id: 10000 + (base % 80000) + k, href: urlWithCredentials(ctx.dataset.seed, 'link', k + base, `https://example.com/landing/${base % 1000}/${k + 1}`) },
      metric: { series: buildSeries(`${ctx.path}|${period}|${unique}|${k}`, LINK_SERIES, buckets) },
    }))),
  };
}

export const metricsRoutes: Route[] = [
  route('GET', '/v1/campaigns/:campaign_id/metrics', (ctx) => {
    campaignFrom(ctx.dataset, ctx.params);
    return v1OrV2(ctx);
  }),
  route('GET', '/v1/campaigns/:campaign_id/actions/:action_id/metrics', (ctx) => {
    campaignActionFrom(ctx.dataset, ctx.params);
    return v1OrV2(ctx);
  }),
  route('GET', '/v1/campaigns/:campaign_id/journey_metrics', (ctx) => {
    campaignFrom(ctx.dataset, ctx.params);
    return journeyMetrics(ctx);
  }),
  route('GET', '/v1/campaigns/:campaign_id/metrics/links', (ctx) => {
    campaignFrom(ctx.dataset, ctx.params);
    return linkMetrics(ctx);
  }),
  route('GET', '/v1/campaigns/:campaign_id/actions/:action_id/metrics/links', (ctx) => {
    campaignActionFrom(ctx.dataset, ctx.params);
    return linkMetrics(ctx);
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/metrics', (ctx) => {
    broadcastFrom(ctx.dataset, ctx.params);
    return v1Metrics(ctx);
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/actions/:action_id/metrics', (ctx) => {
    broadcastActionFrom(ctx.dataset, ctx.params);
    return v1Metrics(ctx);
  }),
  route('GET', '/v1/broadcasts/:broadcast_id/metrics/links', (ctx) => {
    broadcastFrom(ctx.dataset, ctx.params);
    return linkMetrics(ctx);
  }),
  route('GET', '/v1/newsletters/:newsletter_id/metrics', (ctx) => {
    const newsletter = newsletterFrom(ctx.dataset, ctx.params);
    return v1Metrics(ctx, { type: newsletter.type });
  }),
  route('GET', '/v1/newsletters/:newsletter_id/contents/:content_id/metrics', (ctx) => {
    const newsletter = newsletterFrom(ctx.dataset, ctx.params);
    const contentId = pathId(ctx.params, 'content_id');
    if (!ctx.dataset.newsletterContents.some((c) => c.id === contentId && c.newsletter_id === newsletter.id)) {
      throw notFound('The newsletter and/or content do not exist.');
    }
    return v1Metrics(ctx, { type: newsletter.type });
  }),
  route('GET', '/v1/newsletters/:newsletter_id/metrics/links', (ctx) => {
    newsletterFrom(ctx.dataset, ctx.params);
    return linkMetrics(ctx);
  }),
  route('GET', '/v1/transactional/:transactional_id/metrics', (ctx) => {
    transactionalFrom(ctx.dataset, ctx.params);
    return v1Metrics(ctx);
  }),
  route('GET', '/v1/transactional/:transactional_id/metrics/links', (ctx) => {
    transactionalFrom(ctx.dataset, ctx.params);
    return linkMetrics(ctx);
  }),
];
