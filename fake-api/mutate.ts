// Helpers for tests that change the dataset between reads (incremental sync, deletions).
// They keep the orderings documented on Dataset and stay deterministic for a given call sequence.
import { buildActivity } from './generate/activities.js';
import { buildDelivery, deliverySources, sourcePicker } from './generate/deliveries.js';
import { byCioId, newestActivityFirst, newestDeliveryFirst } from './ordering.js';
import { hashString, Rng } from './random.js';
import type { Activity, Dataset, Delivery } from './types.js';

/** Kinds that carry an updated/updated_at timestamp. */
export type TouchKind =
  | 'campaign'
  | 'broadcast'
  | 'newsletter'
  | 'segment'
  | 'collection'
  | 'export'
  | 'snippet'
  | 'transactional'
  | 'campaign_action'
  | 'broadcast_action';

export type RemoveKind = TouchKind | 'person' | 'message' | 'activity';

function notFound(kind: string, id: number | string): Error {
  return new Error(`fake-api mutate: no ${kind} with id ${String(id)}`);
}

/**
 * Sets the updated time of one entity (`updated` or `updated_at`, and the `deduplicate_id`
 * suffix where the entity has one). `id` is the snippet name for snippets, the action id for actions.
 */
export function touch(dataset: Dataset, kind: TouchKind, id: number | string, updatedTs: number): void {
  const withUpdated = (found: { id: number; updated: number; deduplicate_id: string } | undefined): void => {
    if (!found) throw notFound(kind, id);
    found.updated = updatedTs;
    found.deduplicate_id = `${found.id}:${updatedTs}`;
  };
  switch (kind) {
    case 'campaign':
      return withUpdated(dataset.campaigns.find((x) => x.id === id));
    case 'broadcast':
      return withUpdated(dataset.broadcasts.find((x) => x.id === id));
    case 'newsletter':
      return withUpdated(dataset.newsletters.find((x) => x.id === id));
    case 'campaign_action':
      return withUpdated(dataset.campaignActions.find((x) => x.id === id));
    case 'broadcast_action':
      return withUpdated(dataset.broadcastActions.find((x) => x.id === id));
    case 'segment':
    case 'export': {
      const list = kind === 'segment' ? dataset.segments : dataset.exports;
      const found = list.find((x) => x.id === id);
      if (!found) throw notFound(kind, id);
      found.updated_at = updatedTs;
      found.deduplicate_id = `${found.id}:${updatedTs}`;
      return;
    }
    case 'collection':
    case 'transactional': {
      const list = kind === 'collection' ? dataset.collections : dataset.transactional;
      const found = list.find((x) => x.id === id);
      if (!found) throw notFound(kind, id);
      found.updated_at = updatedTs;
      return;
    }
    case 'snippet': {
      const found = dataset.snippets.find((x) => x.name === id);
      if (!found) throw notFound(kind, id);
      found.updated_at = updatedTs;
      return;
    }
  }
}

function rngFor(dataset: Dataset, label: string, size: number, ts: number): Rng {
  return new Rng(hashString(`${dataset.seed}:${label}:${size}:${ts}`));
}

/** Adds `n` deliveries created at `createdTs` from random senders to random people; returns them. */
export function addMessages(dataset: Dataset, n: number, createdTs: number): Delivery[] {
  const rng = rngFor(dataset, 'add-messages', dataset.messages.length, createdTs);
  const pick = sourcePicker(deliverySources(dataset));
  if (!pick || dataset.people.length === 0) throw new Error('fake-api mutate: the dataset has no senders or no people');
  const added: Delivery[] = [];
  for (let i = 0; i < n; i++) {
    // Serials far above the generator's keep the id suffix unique.
    const serial = 2 ** 30 + dataset.messages.length + i;
    const built = buildDelivery(rng, serial, createdTs, pick(rng), rng.pick(dataset.people), Math.max(dataset.now, createdTs));
    added.push(built.delivery);
    if (built.transactionalId !== undefined) dataset.transactionalIdByDeliveryId[built.delivery.id] = built.transactionalId;
  }
  dataset.messages.push(...added);
  dataset.messages.sort(newestDeliveryFirst);
  return added;
}

/** Adds `n` activities at `timestamp` for random (live) people; returns them. */
export function addActivities(dataset: Dataset, n: number, timestamp: number): Activity[] {
  const rng = rngFor(dataset, 'add-activities', dataset.activities.length, timestamp);
  const pool = { people: dataset.people, deletedPeople: [], messages: dataset.messages };
  const added: Activity[] = [];
  for (let i = 0; i < n; i++) {
    const activity = buildActivity(rng, timestamp, pool);
    if (!activity) throw new Error('fake-api mutate: the dataset has no people');
    added.push(activity);
  }
  dataset.activities.push(...added);
  dataset.activities.sort(newestActivityFirst);
  return added;
}

function removeWhere<T>(items: T[], doomed: (item: T) => boolean): number {
  let kept = 0;
  for (const item of items) if (!doomed(item)) items[kept++] = item;
  const removed = items.length - kept;
  items.length = kept;
  return removed;
}

/**
 * Deletes an entity and what hangs off it (a campaign's actions, a newsletter's contents and
 * test groups, a segment's members). A removed person (id = cio_id) leaves their activities
 * behind as a deleted person's. Throws when nothing matched.
 */
export function remove(dataset: Dataset, kind: RemoveKind, id: number | string): void {
  let removed = 0;
  switch (kind) {
    case 'campaign':
      removed = removeWhere(dataset.campaigns, (x) => x.id === id);
      removeWhere(dataset.campaignActions, (x) => x.campaign_id === id);
      break;
    case 'broadcast':
      removed = removeWhere(dataset.broadcasts, (x) => x.id === id);
      removeWhere(dataset.broadcastActions, (x) => x.broadcast_id === id);
      break;
    case 'newsletter':
      removed = removeWhere(dataset.newsletters, (x) => x.id === id);
      removeWhere(dataset.newsletterContents, (x) => x.newsletter_id === id);
      removeWhere(dataset.newsletterTestGroups, (x) => x.newsletter_id === id);
      break;
    case 'segment':
      removed = removeWhere(dataset.segments, (x) => x.id === id);
      removeWhere(dataset.segmentMembers, (x) => x.segment_id === id);
      break;
    case 'campaign_action':
      removed = removeWhere(dataset.campaignActions, (x) => x.id === id);
      for (const c of dataset.campaigns) {
        removeWhere(c.actions, (a) => a.id === id);
        removeWhere(c.msg_templates, (t) => t.id === id);
      }
      break;
    case 'broadcast_action':
      removed = removeWhere(dataset.broadcastActions, (x) => x.id === id);
      for (const b of dataset.broadcasts) removeWhere(b.actions, (a) => a.id === id);
      break;
    case 'collection':
      removed = removeWhere(dataset.collections, (x) => x.id === id);
      break;
    case 'export':
      removed = removeWhere(dataset.exports, (x) => x.id === id);
      break;
    case 'transactional':
      removed = removeWhere(dataset.transactional, (x) => x.id === id);
      break;
    case 'snippet':
      removed = removeWhere(dataset.snippets, (x) => x.name === id);
      break;
    case 'message':
      removed = removeWhere(dataset.messages, (x) => x.id === id);
      delete dataset.transactionalIdByDeliveryId[String(id)];
      break;
    case 'activity':
      removed = removeWhere(dataset.activities, (x) => x.id === id);
      break;
    case 'person': {
      const person = dataset.people.find((p) => p.identifiers.cio_id === id);
      removed = removeWhere(dataset.people, (p) => p.identifiers.cio_id === id);
      removeWhere(dataset.segmentMembers, (m) => m.cio_id === id);
      removeWhere(dataset.relationships, (r) => r.cio_id === id);
      if (person) dataset.deletedPeople.push({ ...person.identifiers });
      break;
    }
  }
  if (removed === 0) throw notFound(kind, id);
}

/** Restores the orderings the server expects after a test edited arrays by hand. */
export function sortDataset(dataset: Dataset): void {
  dataset.messages.sort(newestDeliveryFirst);
  dataset.activities.sort(newestActivityFirst);
  dataset.people.sort(byCioId);
}
