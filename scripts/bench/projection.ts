/**
 * What a full read of the people streams would cost on a large workspace, per route, from the
 * documented page sizes alone (BULK-ROUTES.md §1-§3, §7). Pure: the people mode prints it beside
 * what it measured on the fake, whose workspace is far smaller.
 */

export interface Workspace {
  people: number;
  deliveries: number;
  activities: number;
  /** The API's rate limit, requests per second. */
  rps: number;
  /** Delivery windows of at most 6 months the history needs (API.md §1.6): each costs a request a person. */
  deliveryWindows: number;
  /** Objects, of one type, each related to fewer than a page of people. */
  objects: number;
  /** The share of people related to at least one object. */
  relatedShare: number;
}

/**
 * The issue's workspace: a million people at Customer.io's 10 requests per second, the connector's
 * 360-day history (2 windows); BULK-ROUTES.md §3.4's example of 100,000 objects relating 400,000 people.
 */
export const ISSUE_WORKSPACE: Workspace = {
  people: 1_000_000, deliveries: 20_000_000, activities: 50_000_000, rps: 10, deliveryWindows: 2, objects: 100_000, relatedShare: 0.4,
};

/** Page sizes (API.md §1.2; BULK-ROUTES.md §1.1, §2, §3, §7; the relationship lists' is undocumented, 1000 assumed). */
export const PAGE = { deliveries: 1000, activities: 100, search: 1000, attributes: 100, objects: 1000, relationships: 1000 } as const;

/** The people a bulk route reads on the per-person endpoints too, to check that both agree. */
export const SELF_CHECK_SAMPLE = 20;

export type Route = 'per_person' | 'bulk';

export interface ProjectionRow {
  /** The endpoint, or the part of the read, the row counts. */
  part: string;
  perPerson: number;
  bulk: number;
}

export interface Projection {
  workspace: Workspace;
  rows: ProjectionRow[];
  total: Record<Route, number>;
  hours: Record<Route, number>;
  assumptions: string[];
}

const pagesOf = (n: number, per: number): number => Math.max(1, Math.ceil(n / per));

/** Requests on a per-person endpoint: at least one a person, more when the average list overflows a page. */
export function perPersonRequests(people: number, itemsPerPerson: number, per: number): number {
  return people * pagesOf(itemsPerPerson, per);
}

export const hoursAt = (requests: number, rps: number): number => requests / rps / 3600;

/**
 * customer_relationships: a request a person on the per-person route; on the bulk one (auto)
 * through the objects when that costs fewer: the object list, each object's people, then the
 * related people and the sample's others on their own lists.
 */
export function relationshipRows(w: Workspace, sample: number): ProjectionRow[] {
  const perPerson = perPersonRequests(w.people, 1, PAGE.relationships);
  const listing = 1 + pagesOf(w.objects, PAGE.objects);
  const asked = Math.round(w.people * w.relatedShare) + Math.round(sample * (1 - w.relatedShare));
  const through = listing + w.objects + asked < perPerson;
  return [
    { part: 'GET /v1/object_types, POST /v1/objects', perPerson: 0, bulk: through ? listing : 0 },
    { part: 'GET /v1/objects/{type}/{id}/relationships', perPerson: 0, bulk: through ? w.objects : 0 },
    { part: 'GET /v1/customers/{id}/relationships', perPerson, bulk: through ? asked : perPerson },
  ];
}

export function project(w: Workspace): Projection {
  const avgDeliveries = w.people === 0 ? 0 : w.deliveries / w.people;
  const avgActivities = w.people === 0 ? 0 : w.activities / w.people;
  const sample = Math.min(SELF_CHECK_SAMPLE, w.people);
  const both = (part: string, n: number): ProjectionRow => ({ part, perPerson: n, bulk: n });
  const rows: ProjectionRow[] = [
    both('POST /v1/customers (search)', pagesOf(w.people, PAGE.search)),
    both('POST /v1/customers/attributes', pagesOf(w.people, PAGE.attributes)),
    // Both routes read the workspace lists: the `messages` and `activities` streams are selected too.
    // A window's last page is short: at most one more page a window than the deliveries fill.
    both('GET /v1/messages', pagesOf(w.deliveries, PAGE.deliveries) + w.deliveryWindows - 1),
    both('GET /v1/activities', pagesOf(w.activities, PAGE.activities)),
    {
      part: 'GET /v1/customers/{id}/messages',
      perPerson: w.deliveryWindows * perPersonRequests(w.people, avgDeliveries / w.deliveryWindows, PAGE.deliveries),
      bulk: w.deliveryWindows * sample,
    },
    // The bulk route derives it from the /v1/activities read above: only the sample's own lists.
    {
      part: 'GET /v1/customers/{id}/activities',
      perPerson: perPersonRequests(w.people, avgActivities, PAGE.activities),
      bulk: perPersonRequests(sample, avgActivities, PAGE.activities),
    },
    // The objects only say whom to ask (BULK-ROUTES.md §3).
    ...relationshipRows(w, sample),
  ];
  const total = {
    per_person: rows.reduce((n, r) => n + r.perPerson, 0),
    bulk: rows.reduce((n, r) => n + r.bulk, 0),
  };
  return {
    workspace: w,
    rows,
    total,
    hours: { per_person: hoursAt(total.per_person, w.rps), bulk: hoursAt(total.bulk, w.rps) },
    assumptions: [
      `page sizes: ${PAGE.deliveries} deliveries, ${PAGE.activities} activities, ${PAGE.search} people a search page, ${PAGE.attributes} people an attributes request`,
      `deliveries and activities spread evenly over people and over ${w.deliveryWindows} delivery windows of 6 months (the connector's 360-day history); each window costs a request a person`,
      'per-person route: at least one request a person and stream (customer_messages, customer_activities, customer_relationships)',
      `bulk route: customer_messages comes from the /v1/messages read and customer_activities from the /v1/activities read, plus ${SELF_CHECK_SAMPLE} people's own lists of each as a self-check`,
      `customer_relationships on the bulk route: ${w.objects.toLocaleString('en-US')} objects of one type, each related to fewer than ${PAGE.relationships} people, ${Math.round(w.relatedShare * 100)} % of people related to one at least (each asked on their own list, a page each), and the ${SELF_CHECK_SAMPLE} people of the sample; per person when that is cheaper`,
      `every request answered, none refused or retried, at ${w.rps} requests per second`,
    ],
  };
}
