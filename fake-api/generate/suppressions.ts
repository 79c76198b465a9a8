import type { Rng } from '../random.js';
import type { DomainSuppression, Suppression, SuppressionType } from '../types.js';
import { timeBefore } from './common.js';

export const SUPPRESSION_TYPES: readonly SuppressionType[] = ['bounces', 'blocks', 'spam_reports', 'invalid_emails'];

const REASONS: Readonly<Record<SuppressionType, string>> = {
  bounces: '550 5.1.1 The email account that you tried to reach does not exist',
  blocks: '554 5.7.1 Message rejected by the receiving server',
  spam_reports: 'Recipient marked a message as spam',
  invalid_emails: 'Address is not a valid email',
};

/** Mailgun's SMTP codes; a spam complaint has none. */
const STATUSES: Readonly<Record<SuppressionType, string>> = { bounces: '550', blocks: '554', spam_reports: '', invalid_emails: '550' };

/** Per type, oldest first (the order the offset-paged endpoint serves). */
export function generateSuppressions(rng: Rng, now: number, perType: number): Suppression[] {
  return SUPPRESSION_TYPES.flatMap((type) =>
    Array.from({ length: perType }, (_, i) => ({
      type,
      email: `${type.replace('_', '-')}-${i + 1}@${rng.pick(['example.net', 'example.org', 'mail.example.com'])}`,
      created: timeBefore(rng, now, 400, 60),
      reason: REASONS[type],
      status: STATUSES[type],
    })).sort((a, b) => a.created - b.created),
  );
}

/** The fake workspace's sending domains: the first keeps full lists, the second short ones, the last none. */
export const SENDING_DOMAINS: readonly string[] = ['mail.example.com', 'news.example.com', 'quiet.example.com'];

/**
 * Each sending domain's lists, oldest first per type. Addresses are tagged with the domain's first
 * label (bounces-1+mail@example.net), except the oldest of each list, which is also the oldest
 * address of the workspace-wide list of its type: one address can be on several lists.
 */
export function generateDomainSuppressions(rng: Rng, now: number, perType: number, workspaceWide: readonly Suppression[]): DomainSuppression[] {
  const counts = [perType, Math.ceil(perType / 3), 0];
  return SENDING_DOMAINS.flatMap((domain, d) =>
    generateSuppressions(rng, now, counts[d] ?? 0).map((s, i, list) => {
      const oldest = list.findIndex((x) => x.type === s.type) === i;
      const shared = oldest ? workspaceWide.find((w) => w.type === s.type) : undefined;
      const label = domain.split('.')[0] ?? domain;
      return { ...s, domain, email: shared?.email ?? s.email.replace('@', `+${label}@`) };
    }),
  );
}
