// The Design Studio emails, components and folders and the file assets, as plain-list rows
// (model/plain-lists.ts). Shapes and paging from /tmp/research/design-studio.md: 1-based `page`,
// `limit` default 1000 max 10000, `meta.pagination` and no next token; time filters on the three
// Design Studio lists only; emails and components come with the folders they sit in.
import type { Rng } from '../random.js';
import type {
  Asset,
  DatasetSizes,
  DesignStudioComponent,
  DesignStudioEmail,
  DesignStudioFolder,
  PagePagination,
  PlainList,
  PlainListSort,
  TimeFilter,
} from '../types.js';
import { campaignLikeName, createdAndUpdated } from './common.js';
import { unicodeText } from './variety.js';

export const DESIGN_STUDIO_PATHS = {
  emails: '/v1/design_studio/emails',
  components: '/v1/design_studio/components',
  folders: '/v1/design_studio/folders',
  assets: '/v1/assets',
} as const;

const PAGES: PagePagination = { kind: 'page', firstPage: 1, defaultLimit: 1000, maxLimit: 10000 };

// In the order the spec's meta.filters example lists them.
const TIME_FILTERS: readonly TimeFilter[] = [
  { param: 'created_before', field: 'created', keep: 'before' },
  { param: 'created_after', field: 'created', keep: 'after' },
  { param: 'updated_before', field: 'updated', keep: 'before' },
  { param: 'updated_after', field: 'updated', keep: 'after' },
];

const SORT: PlainListSort = { fields: ['created', 'updated', 'name'], defaultField: 'created', defaultOrder: 'asc' };

const FOLDER_NAMES = ['Product Announcements', 'Onboarding', 'Receipts', 'Newsletters', 'Archive', 'Seasonal'] as const;
const COMPONENT_NAMES = ['Custom footer', 'Header', 'Call to action', 'Social links', 'Legal notice', 'Product card'] as const;
const ASSET_STEMS = ['logo', 'hero', 'banner', 'icon', 'avatar', 'product'] as const;
const ASSET_TYPES = ['png', 'jpg', 'gif', 'svg', 'pdf'] as const;

/** A v4-looking UUID; one id in four short and not a UUID, like the spec's own examples ("e89b-12d3"). */
function designStudioId(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const id = rng.chance(0.25)
      ? `${rng.hex(4)}-${rng.hex(4)}`
      : `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** The second item takes the first one's `updated`, so a strict `updated_after` filter at that time matters. */
function shareUpdatedTime(items: { created: number; updated: number }[]): void {
  const [first, second] = items;
  if (!first || !second) return;
  second.updated = first.updated;
  second.created = Math.min(second.created, first.updated);
}

function parentOf<T>(rng: Rng, candidates: readonly T[], inFolder: number): T | null {
  return candidates.length > 0 && rng.chance(inFolder) ? rng.pick(candidates) : null;
}

function folders(rng: Rng, seed: number, now: number, count: number, taken: Set<string>): DesignStudioFolder[] {
  const out: DesignStudioFolder[] = [];
  for (let i = 0; i < count; i++) {
    const base = FOLDER_NAMES[i % FOLDER_NAMES.length] as string;
    out.push({
      id: designStudioId(rng, taken),
      name: unicodeText(seed, 'design studio folder', i + 1, i < FOLDER_NAMES.length ? base : `${base} ${i + 1}`),
      // Only earlier folders can be parents, so the folders form a tree.
      parent_folder_id: parentOf(rng, out.map((f) => f.id), 0.5),
      ...createdAndUpdated(rng, now),
    });
  }
  return out;
}

function emails(rng: Rng, seed: number, now: number, count: number, folderIds: readonly string[], taken: Set<string>): DesignStudioEmail[] {
  return Array.from({ length: count }, (_, i) => ({
    id: designStudioId(rng, taken),
    name: unicodeText(seed, 'design studio email', i + 1, `${campaignLikeName(rng, i + 1)} email`),
    is_template: rng.chance(0.2),
    is_linked: rng.chance(0.5),
    has_translations: rng.chance(0.2),
    parent_folder_id: parentOf(rng, folderIds, 0.7),
    ...createdAndUpdated(rng, now),
  }));
}

function components(rng: Rng, seed: number, now: number, count: number, folderIds: readonly string[], taken: Set<string>): DesignStudioComponent[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${COMPONENT_NAMES[i % COMPONENT_NAMES.length] as string} ${i + 1}`;
    return {
      id: designStudioId(rng, taken),
      name: unicodeText(seed, 'design studio component', i + 1, name),
      tag: name.toLowerCase().replace(/ /g, '-'),
      parent_folder_id: parentOf(rng, folderIds, 0.5),
      ...createdAndUpdated(rng, now),
    };
  });
}

function assets(rng: Rng, now: number, count: number, seed: number): Asset[] {
  const assetFolderIds = Array.from({ length: Math.ceil(count / 4) }, (_, i) => i + 1);
  return Array.from({ length: count }, (_, i) => {
    const name = `${rng.pick(ASSET_STEMS)}-${i + 1}.${rng.pick(ASSET_TYPES)}`;
    return {
      id: i + 1,
      name,
      parent_folder_id: parentOf(rng, assetFolderIds, 0.5),
      path: `https://userimg-assets.customeriomail.com/images/client-env-${seed}/${name}`,
      size: rng.int(2_000, 2_000_000),
      ...createdAndUpdated(rng, now),
    };
  });
}

type Counts = Pick<DatasetSizes, 'designStudioEmails' | 'designStudioComponents' | 'designStudioFolders' | 'assets'>;

/** The four lists as plain-list rows; `rngFor` gives each its own stream. */
export function designStudioLists(rngFor: (label: string) => Rng, seed: number, now: number, sizes: Counts): PlainList[] {
  const taken = new Set<string>();
  const folderItems = folders(rngFor('design-studio-folders'), seed, now, sizes.designStudioFolders, taken);
  const folderIds = folderItems.map((f) => f.id);
  const emailItems = emails(rngFor('design-studio-emails'), seed, now, sizes.designStudioEmails, folderIds, taken);
  const componentItems = components(rngFor('design-studio-components'), seed, now, sizes.designStudioComponents, folderIds, taken);
  const assetItems = assets(rngFor('assets'), now, sizes.assets, seed);
  for (const items of [folderItems, emailItems, componentItems, assetItems]) shareUpdatedTime(items);
  const inFolders = { path: DESIGN_STUDIO_PATHS.folders, via: 'parent_folder_id' };
  const designStudio = { pagination: PAGES, filters: TIME_FILTERS, sort: SORT };
  return [
    // Every field is optional in the spec: some items leave out one the connector might lean on.
    { path: DESIGN_STUDIO_PATHS.emails, envelope: 'emails', items: emailItems, ...designStudio, related: inFolders, quirks: { optional: ['has_translations', 'is_linked'] } },
    { path: DESIGN_STUDIO_PATHS.components, envelope: 'components', items: componentItems, ...designStudio, related: inFolders, quirks: { optional: ['parent_folder_id'] } },
    { path: DESIGN_STUDIO_PATHS.folders, envelope: 'folders', items: folderItems, ...designStudio, quirks: { optional: ['parent_folder_id'] } },
    // Assets have no time filters and no sort parameters.
    { path: DESIGN_STUDIO_PATHS.assets, envelope: 'assets', items: assetItems, pagination: PAGES, filters: [], quirks: { optional: ['size'] } },
  ];
}
