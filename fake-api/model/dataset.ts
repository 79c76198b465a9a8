// The whole served dataset and the sizes it is generated with.
import type { Broadcast, BroadcastAction, Campaign, CampaignAction } from './campaigns.js';
import type { Activity, Delivery } from './deliveries.js';
import type { Newsletter, NewsletterContent, NewsletterTestGroup } from './newsletters.js';
import type { Identifiers, ObjectRecord, ObjectType, Person, Relationship, Segment, SegmentMember } from './people.js';
import type { PlainList } from './plain-lists.js';
import type { DomainSuppression, Suppression } from './suppressions.js';
import type {
  Collection,
  Export,
  ReportingWebhook,
  SenderIdentity,
  Snippet,
  SubscriptionChannel,
  SubscriptionTopic,
  TransactionalMessage,
  Workspace,
} from './workspace-lists.js';

export interface DatasetSizes {
  campaigns: number;
  actionsPerCampaign: number;
  broadcasts: number;
  newsletters: number;
  segments: number;
  people: number;
  messages: number;
  activities: number;
  objectTypes: number;
  objectsPerType: number;
  collections: number;
  exports: number;
  snippets: number;
  transactional: number;
  senderIdentities: number;
  reportingWebhooks: number;
  subscriptionTopics: number;
  suppressionsPerType: number;
  designStudioEmails: number;
  designStudioComponents: number;
  designStudioFolders: number;
  assets: number;
}

/**
 * Everything the fake serves. A plain object of plain arrays: tests may read and change it
 * between requests (prefer the helpers in mutate.ts, which keep the orderings below).
 *
 * Orderings the server relies on. It re-checks them when an array's length or first/last item
 * changes and then serves a sorted private copy if needed (slow); after reordering edits that keep
 * those, call sortDataset() from mutate.ts:
 * - `messages`: newest first (created desc, then id desc).
 * - `activities`: newest first (timestamp desc, then id desc).
 * - `people`: by identifiers.cio_id ascending.
 */
export interface Dataset {
  seed: number;
  /** The "current time" (unix seconds) that default windows and v1 metrics are relative to. */
  now: number;
  sizes: DatasetSizes;
  campaigns: Campaign[];
  campaignActions: CampaignAction[];
  broadcasts: Broadcast[];
  broadcastActions: BroadcastAction[];
  newsletters: Newsletter[];
  newsletterContents: NewsletterContent[];
  newsletterTestGroups: NewsletterTestGroup[];
  segments: Segment[];
  segmentMembers: SegmentMember[];
  people: Person[];
  /** People deleted from the workspace whose activities remain (served only with deleted=true). */
  deletedPeople: Identifiers[];
  relationships: Relationship[];
  objectTypes: ObjectType[];
  objects: ObjectRecord[];
  collections: Collection[];
  exports: Export[];
  snippets: Snippet[];
  transactional: TransactionalMessage[];
  senderIdentities: SenderIdentity[];
  reportingWebhooks: ReportingWebhook[];
  subscriptionTopics: SubscriptionTopic[];
  subscriptionChannels: SubscriptionChannel[];
  workspaces: Workspace[];
  ipAddresses: string[];
  messages: Delivery[];
  /** delivery id -> transactional message id, for transactional deliveries (the API does not echo it). */
  transactionalIdByDeliveryId: Record<string, number>;
  activities: Activity[];
  suppressions: Suppression[];
  /** Domains the workspace sends email from; each keeps suppression lists of its own. */
  sendingDomains: string[];
  /** Per sending domain and type, oldest first; some addresses are also on the workspace-wide lists. */
  domainSuppressions: DomainSuppression[];
  /** Endpoints served by the one plain-list handler (routes/plain-lists.ts), by path. */
  plainLists: PlainList[];
}
