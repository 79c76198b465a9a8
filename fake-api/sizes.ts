import type { DatasetSizes } from './types.js';

export type SizeName = 'tiny' | 'small' | 'large';

export interface DatasetOptions {
  seed?: number;
  /** Unix seconds; defaults to the current time. */
  now?: number;
  size?: SizeName | Partial<DatasetSizes>;
}

// tiny: a handful of each, but enough that campaign actions need two pages of 10.
const TINY: DatasetSizes = {
  campaigns: 3,
  actionsPerCampaign: 12,
  broadcasts: 2,
  newsletters: 3,
  segments: 3,
  people: 25,
  messages: 60,
  activities: 40,
  objectTypes: 2,
  objectsPerType: 5,
  collections: 2,
  exports: 2,
  snippets: 3,
  transactional: 2,
  senderIdentities: 3,
  reportingWebhooks: 2,
  subscriptionTopics: 2,
  suppressionsPerType: 3,
  designStudioEmails: 7,
  designStudioComponents: 5,
  designStudioFolders: 3,
  assets: 4,
};

// small: hundreds to a few thousand; every paged endpoint needs several default-sized pages.
const SMALL: DatasetSizes = {
  campaigns: 20,
  actionsPerCampaign: 8,
  broadcasts: 8,
  newsletters: 60,
  segments: 12,
  people: 2500,
  messages: 5000,
  activities: 3000,
  objectTypes: 3,
  objectsPerType: 150,
  collections: 5,
  exports: 8,
  snippets: 10,
  transactional: 5,
  senderIdentities: 12,
  reportingWebhooks: 4,
  subscriptionTopics: 5,
  suppressionsPerType: 1200,
  // Design Studio and asset lists page by 1000 by default: emails, components and assets need
  // several pages; folders are few in a real workspace.
  designStudioEmails: 2100,
  designStudioComponents: 1100,
  designStudioFolders: 60,
  assets: 1500,
};

// large: for throughput tests.
const LARGE: DatasetSizes = {
  campaigns: 60,
  actionsPerCampaign: 15,
  broadcasts: 25,
  newsletters: 250,
  segments: 30,
  people: 10000,
  messages: 100000,
  activities: 20000,
  objectTypes: 4,
  objectsPerType: 1000,
  collections: 10,
  exports: 20,
  snippets: 25,
  transactional: 10,
  senderIdentities: 30,
  reportingWebhooks: 6,
  subscriptionTopics: 8,
  suppressionsPerType: 2500,
  designStudioEmails: 5000,
  designStudioComponents: 600,
  designStudioFolders: 120,
  assets: 2500,
};

export const SIZE_PRESETS: Readonly<Record<SizeName, DatasetSizes>> = { tiny: TINY, small: SMALL, large: LARGE };

/** A preset name, or a partial override of the tiny preset. */
export function resolveSizes(size: DatasetOptions['size']): DatasetSizes {
  if (size === undefined) return { ...TINY };
  if (typeof size === 'string') return { ...SIZE_PRESETS[size] };
  return { ...TINY, ...size };
}
