import type { Dataset } from '../fake-api/index.js';
import { pkOf, type Json } from '../test/helpers/connector.js';
import { plainListKeys } from './plain-list-keys.js';

/**
 * The primary keys each stream must deliver for a full read of a fake dataset, computed from the
 * dataset itself (never from the connector), as JSON tuples in the stream's primary-key order.
 */
export interface ExpectOptions {
  /** Oldest `created` a delivery stream reaches (the connector's default is 360 days back). */
  messagesFrom: number;
  includeDeletedActivities?: boolean;
  /** esp_suppression_domains, as the connector normalises them (lower case). */
  suppressionDomains?: readonly string[];
}

const t = (...parts: unknown[]) => JSON.stringify(parts);

/**
 * Streams whose rows are not exact by key against the dataset: metrics rows are checked by count
 * (metricsParents) and link metrics by shape. Any other stream must have its keys below.
 */
const NOT_BY_KEY = new Set([
  'campaign_metrics', 'campaign_action_metrics', 'broadcast_metrics', 'broadcast_action_metrics', 'newsletter_metrics',
  'transactional_message_metrics', 'campaign_journey_metrics', 'campaign_link_metrics', 'newsletter_link_metrics',
]);

/**
 * The expected keys, or undefined for a stream in NOT_BY_KEY. A stream this file does not know
 * throws, so a new stream cannot pass an exactness test unchecked.
 */
export function expectedKeys(d: Dataset, stream: string, o: ExpectOptions): string[] | undefined {
  const deleted = new Set(d.deletedPeople.map((p) => p.cio_id));
  const people = new Set(d.people.map((p) => p.identifiers.cio_id));
  const inRange = d.messages.filter((m) => m.created >= o.messagesFrom);
  switch (stream) {
    case 'campaigns': return d.campaigns.map((x) => t(x.id));
    case 'broadcasts': return d.broadcasts.map((x) => t(x.id));
    case 'newsletters': return d.newsletters.map((x) => t(x.id));
    case 'segments': return d.segments.map((x) => t(x.id));
    case 'collections': return d.collections.map((x) => t(x.id));
    case 'exports': return d.exports.map((x) => t(x.id));
    case 'snippets': return d.snippets.map((x) => t(x.name));
    case 'transactional_messages': return d.transactional.map((x) => t(x.id));
    case 'sender_identities': return d.senderIdentities.map((x) => t(x.id));
    case 'reporting_webhooks': return d.reportingWebhooks.map((x) => t(x.id));
    case 'subscription_topics': return d.subscriptionTopics.map((x) => t(x.id));
    case 'subscription_channels': return d.subscriptionChannels.map((x) => t(x.id));
    case 'workspaces': return d.workspaces.map((x) => t(x.id));
    case 'object_types': return d.objectTypes.map((x) => t(x.id));
    case 'info_ip_addresses': return d.ipAddresses.map((x) => t(x));
    case 'activities': return d.activities.filter((a) => o.includeDeletedActivities || !deleted.has(a.customer_identifiers.cio_id)).map((x) => t(x.id));
    case 'messages': return inRange.map((x) => t(x.id));
    case 'campaign_actions': return d.campaignActions.map((x) => t(x.campaign_id, x.id));
    case 'broadcast_actions': return d.broadcastActions.map((x) => t(x.broadcast_id, x.id));
    case 'newsletter_variants': return d.newsletterContents.map((x) => t(x.newsletter_id, x.id));
    case 'newsletter_test_groups': return d.newsletterTestGroups.map((x) => t(x.newsletter_id, x.id));
    case 'segment_membership': return d.segmentMembers.map((x) => t(x.segment_id, x.cio_id));
    case 'segment_usage': return d.segments.map((x) => t(x.id));
    case 'campaign_messages': return inRange.filter((m) => m.campaign_id !== null).map((x) => t(x.id));
    case 'broadcast_messages': return inRange.filter((m) => m.broadcast_id !== null).map((x) => t(x.id));
    case 'newsletter_messages': return inRange.filter((m) => m.newsletter_id !== null).map((x) => t(x.id));
    case 'transactional_message_deliveries': return inRange.filter((m) => m.id in d.transactionalIdByDeliveryId).map((x) => t(x.id));
    case 'customers':
    case 'customer_attributes': return d.people.map((p) => t(p.identifiers.cio_id));
    case 'customer_activities': return d.activities.filter((a) => people.has(a.customer_identifiers.cio_id)).map((x) => t(x.id));
    case 'customer_messages': return inRange.filter((m) => people.has(m.customer_identifiers.cio_id)).map((x) => t(x.id));
    case 'customer_relationships': return d.relationships.filter((r) => people.has(r.cio_id)).map((r) => t(r.cio_id, String(r.object_type_id), r.object_id));
    case 'objects': return d.objects.map((x) => t(x.object_type_id, x.object_id));
    case 'esp_suppressions': {
      const domains = new Set(o.suppressionDomains ?? []);
      const ofDomains = d.domainSuppressions.filter((x) => domains.has(x.domain));
      return [...d.suppressions.map((x) => t('', x.type, x.email)), ...ofDomains.map((x) => t(x.domain, x.type, x.email))];
    }
    default: {
      // Plain lists come from dataset.plainLists by the row's path, whatever their name.
      const plain = plainListKeys(d, stream);
      if (plain !== undefined) return plain;
      if (NOT_BY_KEY.has(stream)) return undefined;
      throw new Error(`integration_tests/expected.ts has no expected keys for stream ${stream}: add them, or add it to NOT_BY_KEY with the test that checks it`);
    }
  }
}

/**
 * How a read differs from the dataset by primary key: one line per stream with missing,
 * unexpected or repeated keys; [] when the read is exact. Streams in NOT_BY_KEY are skipped.
 */
export function keyDifferences(d: Dataset, streams: readonly Json[], recordsOf: (stream: string) => Json[], o: ExpectOptions): string[] {
  const out: string[] = [];
  for (const stream of streams) {
    const name = stream['name'] as string;
    const expected = expectedKeys(d, name, o);
    if (expected === undefined) continue;
    const got = recordsOf(name).map((r) => pkOf(r, stream['source_defined_primary_key'] as string[][]));
    const gotSet = new Set(got);
    const wanted = new Set(expected);
    const missing = expected.filter((k) => !gotSet.has(k));
    const unexpected = [...gotSet].filter((k) => !wanted.has(k));
    const repeated = got.length - gotSet.size;
    if (missing.length + unexpected.length + repeated > 0) {
      out.push(`${name}: ${missing.length} missing ${missing.slice(0, 3).join(' ')}; ${unexpected.length} unexpected ${unexpected.slice(0, 3).join(' ')}; ${repeated} repeated`);
    }
  }
  return out;
}

/** Parents of each metrics stream, to check rows = parents x periods x buckets. */
export function metricsParents(d: Dataset, stream: string): number | undefined {
  switch (stream) {
    case 'campaign_metrics':
    case 'campaign_journey_metrics': return d.campaigns.length;
    case 'campaign_action_metrics': return d.campaignActions.length;
    case 'broadcast_metrics': return d.broadcasts.length;
    case 'broadcast_action_metrics': return d.broadcastActions.length;
    case 'newsletter_metrics': return d.newsletters.length;
    case 'transactional_message_metrics': return d.transactional.length;
    default: return undefined;
  }
}
