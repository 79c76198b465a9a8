// Small helpers shared by the dataset generators.
import type { Rng } from '../random.js';

export const HOUR = 3600;
export const DAY = 86400;

/** A unix time between `maxDaysAgo` days and `minSecondsAgo` seconds before `now`. */
export function timeBefore(rng: Rng, now: number, maxDaysAgo: number, minSecondsAgo = 0): number {
  return now - rng.int(minSecondsAgo, Math.max(minSecondsAgo, Math.floor(maxDaysAgo * DAY)));
}

/** A unix time in [from, to]. */
export function timeBetween(rng: Rng, from: number, to: number): number {
  return rng.int(Math.min(from, to), Math.max(from, to));
}

/** How far back the catalog (campaigns, newsletters, lists) was created. */
export const CATALOG_AGE_DAYS = 400;

/** A catalog item's created time, and an updated time after it (at least an hour before now). */
export function createdAndUpdated(rng: Rng, now: number): { created: number; updated: number } {
  const created = timeBefore(rng, now, CATALOG_AGE_DAYS, 2 * DAY);
  return { created, updated: timeBetween(rng, created, now - 3600) };
}

export const ADJECTIVES = [
  'welcome', 'weekly', 'spring', 'winback', 'loyalty', 'trial', 'premium', 'holiday', 'renewal',
  'onboarding', 'feedback', 'launch', 'abandoned', 'vip', 'monthly', 'flash',
] as const;

export const NOUNS = [
  'series', 'digest', 'promo', 'reminder', 'update', 'survey', 'nudge', 'announcement', 'offer',
  'checklist', 'recap', 'invite', 'alert', 'tips',
] as const;

export const FIRST_NAMES = [
  'ada', 'alan', 'grace', 'linus', 'margaret', 'dennis', 'barbara', 'ken', 'radia', 'edsger',
  'frances', 'john', 'katherine', 'tim', 'sophie', 'guido',
] as const;

export const LAST_NAMES = [
  'lovelace', 'turing', 'hopper', 'torvalds', 'hamilton', 'ritchie', 'liskov', 'thompson',
  'perlman', 'dijkstra', 'allen', 'mccarthy', 'johnson', 'berners', 'wilson', 'rossum',
] as const;

export const TAGS = ['product', 'marketing', 'lifecycle', 'retention', 'beta', 'billing', 'sales'] as const;

export function title(words: readonly string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export function campaignLikeName(rng: Rng, serial: number): string {
  return `${title([rng.pick(ADJECTIVES), rng.pick(NOUNS)])} ${serial}`;
}

export function someTags(rng: Rng): string[] {
  return rng.sample(TAGS, rng.int(0, 2));
}

export function dedupId(id: number | string, updated: number): string {
  return `${id}:${updated}`;
}
