// generateDataset: a deterministic Customer.io workspace built from (seed, now, size).
import { buildActivity } from './generate/activities.js';
import { ActionIds, generateBroadcasts, generateCampaigns } from './generate/campaigns.js';
import { DAY } from './generate/common.js';
import { designStudioLists } from './generate/design-studio.js';
import { buildDelivery, deliverySources, sourcePicker } from './generate/deliveries.js';
import { generateNewsletters } from './generate/newsletters.js';
import { generateObjects, generatePeople, generateRelationships, generateSegmentMembers } from './generate/people.js';
import { generateDomainSuppressions, generateSuppressions, SENDING_DOMAINS } from './generate/suppressions.js';
import { addVariety } from './generate/variety.js';
import {
  generateCollections,
  generateExports,
  generateIpAddresses,
  generateObjectTypes,
  generateReportingWebhooks,
  generateSegments,
  generateSenderIdentities,
  generateSnippets,
  generateSubscriptionTopics,
  generateTransactional,
  subscriptionChannels,
} from './generate/workspace-lists.js';
import { newestActivityFirst, newestDeliveryFirst } from './ordering.js';
import { Rng } from './random.js';
import { resolveSizes, type DatasetOptions } from './sizes.js';
import type { Activity, Dataset, Delivery } from './types.js';

export const DEFAULT_SEED = 1;
/** Messages are spread over this many days before `now` (several 30-day windows, past the 6-month cap). */
export const MESSAGE_HISTORY_DAYS = 200;
/** Activities only cover the retained 30 days. */
export const ACTIVITY_HISTORY_DAYS = 30;

export function generateDataset(opts: DatasetOptions = {}): Dataset {
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const sizes = resolveSizes(opts.size);
  const root = new Rng(seed);
  // One independent stream per kind: changing one size does not reshuffle the rest.
  const rngFor = (label: string): Rng => root.fork(label);

  const segments = generateSegments(rngFor('segments'), now, sizes.segments);
  const segmentIds = segments.map((s) => s.id);
  const subscriptionTopics = generateSubscriptionTopics(rngFor('topics'), sizes.subscriptionTopics);
  const topicIds = subscriptionTopics.map((t) => t.id);
  const senderIdentities = generateSenderIdentities(rngFor('senders'), sizes.senderIdentities, now);
  const senderIds = senderIdentities.map((s) => s.id);
  const actionIds = new ActionIds();
  const { campaigns, campaignActions } = generateCampaigns(rngFor('campaigns'), now, sizes, segmentIds, senderIds, actionIds);
  // Broadcasts share the campaign id space in Customer.io, so they follow the campaigns.
  const { broadcasts, broadcastActions } = generateBroadcasts(
    rngFor('broadcasts'),
    now,
    sizes.broadcasts,
    sizes.campaigns + 1,
    senderIds,
    actionIds,
  );
  const { newsletters, newsletterContents, newsletterTestGroups } = generateNewsletters(
    rngFor('newsletters'),
    now,
    sizes.newsletters,
    segmentIds,
    topicIds,
    senderIds,
  );
  const { people, deletedPeople } = generatePeople(rngFor('people'), now, sizes.people, topicIds);
  const objectTypes = generateObjectTypes(sizes.objectTypes);
  const objects = generateObjects(rngFor('objects'), now, objectTypes, sizes.objectsPerType);
  const suppressions = generateSuppressions(rngFor('suppressions'), now, sizes.suppressionsPerType);

  const dataset: Dataset = {
    seed,
    now,
    sizes,
    campaigns,
    campaignActions,
    broadcasts,
    broadcastActions,
    newsletters,
    newsletterContents,
    newsletterTestGroups,
    segments,
    segmentMembers: generateSegmentMembers(rngFor('members'), segments, people),
    people,
    deletedPeople,
    relationships: generateRelationships(rngFor('relationships'), now, people, objects),
    objectTypes,
    objects,
    collections: generateCollections(rngFor('collections'), now, sizes.collections),
    exports: generateExports(rngFor('exports'), now, sizes.exports),
    snippets: generateSnippets(rngFor('snippets'), now, sizes.snippets),
    transactional: generateTransactional(rngFor('transactional'), now, sizes.transactional),
    senderIdentities,
    reportingWebhooks: generateReportingWebhooks(rngFor('webhooks'), sizes.reportingWebhooks),
    subscriptionTopics,
    subscriptionChannels: subscriptionChannels(),
    workspaces: [],
    ipAddresses: generateIpAddresses(rngFor('ips')),
    messages: [],
    transactionalIdByDeliveryId: {},
    activities: [],
    suppressions,
    sendingDomains: [...SENDING_DOMAINS],
    domainSuppressions: generateDomainSuppressions(rngFor('domain-suppressions'), now, sizes.suppressionsPerType, suppressions),
    plainLists: designStudioLists(rngFor, seed, now, sizes),
  };
  // Before the deliveries, which copy subjects and webhook URLs from the actions.
  addVariety(dataset);
  fillMessages(dataset, rngFor('messages'), sizes.messages);
  fillActivities(dataset, rngFor('activities'), sizes.activities);
  dataset.workspaces = [
    {
      id: 100000 + (seed % 900000),
      name: 'Production',
      messages_sent: dataset.messages.length,
      billable_messages_sent: Math.round(dataset.messages.length * 0.75),
      people: people.length,
      objects: objects.length,
      object_types: objectTypes.length,
    },
    { id: 100001 + (seed % 900000), name: 'Staging', messages_sent: 12, billable_messages_sent: 0, people: 3, objects: 0, object_types: 0 },
  ];
  return dataset;
}

function fillMessages(dataset: Dataset, rng: Rng, count: number): void {
  const pickSource = sourcePicker(deliverySources(dataset));
  const messages: Delivery[] = [];
  if (pickSource && dataset.people.length > 0) {
    for (let serial = 0; serial < count; serial++) {
      const source = pickSource(rng);
      const created = dataset.now - rng.int(60, MESSAGE_HISTORY_DAYS * DAY);
      const built = buildDelivery(rng, serial, created, source, rng.pick(dataset.people), dataset.now);
      messages.push(built.delivery);
      if (built.transactionalId !== undefined) dataset.transactionalIdByDeliveryId[built.delivery.id] = built.transactionalId;
    }
  }
  dataset.messages = messages.sort(newestDeliveryFirst);
}

function fillActivities(dataset: Dataset, rng: Rng, count: number): void {
  const activities: Activity[] = [];
  for (let i = 0; i < count; i++) {
    const timestamp = dataset.now - rng.int(0, ACTIVITY_HISTORY_DAYS * DAY - 3600);
    const activity = buildActivity(rng, timestamp, dataset);
    if (activity) activities.push(activity);
  }
  dataset.activities = activities.sort(newestActivityFirst);
}
