// Parsing and validating query/path parameters into the values handlers need.
import { badRequest } from './errors.js';

const INTEGER = /^-?\d+$/;

/** A numeric path id; malformed ids are a 400 like the real API ("The `campaignID` ... is invalid."). */
export function pathId(params: Record<string, string>, name: string): number {
  const raw = params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw badRequest(`The \`${name}\` is invalid.`);
  return Number(raw);
}

export function optionalInt(query: Record<string, string>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (!INTEGER.test(raw)) throw badRequest(`\`${name}\` must be an integer.`);
  return Number(raw);
}

export function optionalBool(query: Record<string, string>, name: string): boolean | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badRequest(`\`${name}\` must be true or false.`);
}

export interface LimitRule {
  default: number;
  max: number;
}

/** Page size: the documented default when absent, clamped to the documented max. */
export function pageLimit(query: Record<string, string>, rule: LimitRule): number {
  const limit = optionalInt(query, 'limit');
  if (limit === undefined) return rule.default;
  if (limit < 1) throw badRequest('`limit` must be a positive integer.');
  return Math.min(limit, rule.max);
}

/** One of `allowed`, or `fallback` when absent; anything else is a 400. */
export function oneOf<T extends string>(query: Record<string, string>, name: string, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(query: Record<string, string>, name: string, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(
  query: Record<string, string>,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw badRequest(`\`${name}\` must be one of ${allowed.join(', ')}.`);
  return found;
}
