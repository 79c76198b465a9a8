// ESP suppressions, workspace-wide and per sending domain (API.md §2.41).

export type SuppressionType = 'bounces' | 'blocks' | 'spam_reports' | 'invalid_emails';

/** `type` is internal (it is the path segment); the endpoint returns email, created, reason, status. */
export interface Suppression {
  type: SuppressionType;
  email: string;
  created: number;
  reason: string;
  /** The provider's status code, as a string ("550"). */
  status: string;
}

/** A suppression on one sending domain's list; `domain` is internal too (the path segment). */
export interface DomainSuppression extends Suppression {
  domain: string;
}
