// Campaigns and broadcasts with their actions. Broadcasts share the campaign id space, and both
// draw action ids from one ActionIds counter.
import type { Rng } from '../random.js';
import type { ActionType, Broadcast, BroadcastAction, Campaign, CampaignAction } from '../types.js';
import { BROADCAST_ACTION_TYPES, CAMPAIGN_ACTION_TYPES, buildAction, summaryType, templateType } from './actions.js';
import { campaignLikeName, createdAndUpdated, dedupId, someTags, timeBetween } from './common.js';

/** Shared counter so campaign and broadcast actions never share an id. */
export class ActionIds {
  private nextId = 100;
  take(): number {
    return this.nextId++;
  }
}

/** The deprecated template list: actions of the four channels templates know. */
function templatesOf(actions: readonly { id: number; type: ActionType }[]): { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[] {
  return actions.flatMap((a) => {
    const type = templateType(a.type);
    return type ? [{ id: a.id, type }] : [];
  });
}

export interface CampaignCatalog {
  campaigns: Campaign[];
  campaignActions: CampaignAction[];
}

export function generateCampaigns(
  rng: Rng,
  now: number,
  counts: { campaigns: number; actionsPerCampaign: number },
  segmentIds: readonly number[],
  senderIds: readonly number[],
  actionIds: ActionIds,
): CampaignCatalog {
  const campaigns: Campaign[] = [];
  const campaignActions: CampaignAction[] = [];
  for (let i = 0; i < counts.campaigns; i++) {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const state = rng.weighted([
      ['running', 70],
      ['draft', 15],
      ['stopped', 15],
    ] as const);
    const actions: CampaignAction[] = [];
    let parentId: number | null = null;
    for (let a = 0; a < counts.actionsPerCampaign; a++) {
      const type = rng.weighted(CAMPAIGN_ACTION_TYPES);
      const action = buildAction(rng, { id: actionIds.take(), type, parentId, notBefore: created, now, senderIds });
      actions.push({ ...action, campaign_id: id });
      parentId = action.id;
    }
    campaignActions.push(...actions);
    const campaign: Campaign = {
      id,
      name: campaignLikeName(rng, id),
      description: `Automation ${id} generated for tests`,
      active: state === 'running',
      state,
      created,
      updated,
      first_started: state === 'draft' ? 0 : timeBetween(rng, created, updated),
      deduplicate_id: dedupId(id, updated),
      tags: someTags(rng),
      actions: actions.map((a) => ({ id: a.id, type: a.type })),
      filter_segment_ids: segmentIds.length > 0 ? rng.sample(segmentIds, rng.int(0, 2)) : [],
      msg_templates: templatesOf(actions),
      type: rng.weighted([
        ['segment', 50],
        ['event', 35],
        ['date', 15],
      ] as const),
    };
    if (campaign.type === 'segment') {
      campaign.trigger_segment_ids = segmentIds.length > 0 ? [rng.pick(segmentIds)] : [];
    } else if (campaign.type === 'event') {
      campaign.event_name = rng.pick(['signed_up', 'purchased', 'cart_abandoned', 'trial_started']);
    } else {
      campaign.date_attribute = 'renewal_date';
      campaign.frequency = rng.pick(['once', 'monthly', 'yearly'] as const);
      campaign.start_hour = rng.int(0, 23);
      campaign.start_minutes = rng.pick([0, 15, 30, 45]);
      campaign.timezone = rng.pick(['UTC', 'America/New_York', 'Europe/Berlin']);
      campaign.use_customer_timezone = rng.chance(0.5);
    }
    campaigns.push(campaign);
  }
  return { campaigns, campaignActions };
}

export interface BroadcastCatalog {
  broadcasts: Broadcast[];
  broadcastActions: BroadcastAction[];
}

export function generateBroadcasts(
  rng: Rng,
  now: number,
  count: number,
  firstId: number,
  senderIds: readonly number[],
  actionIds: ActionIds,
): BroadcastCatalog {
  const broadcasts: Broadcast[] = [];
  const broadcastActions: BroadcastAction[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const { created, updated } = createdAndUpdated(rng, now);
    const running = rng.chance(0.8);
    const actions: BroadcastAction[] = [];
    let parentId: number | null = null;
    for (let a = rng.int(1, 3); a > 0; a--) {
      const type = rng.weighted(BROADCAST_ACTION_TYPES);
      const action = buildAction(rng, { id: actionIds.take(), type, parentId, notBefore: created, now, senderIds });
      actions.push({ ...action, broadcast_id: id });
      parentId = action.id;
    }
    broadcastActions.push(...actions);
    broadcasts.push({
      id,
      name: `Broadcast ${campaignLikeName(rng, id)}`,
      type: 'triggered_broadcast',
      state: running ? 'running' : 'draft',
      active: running,
      created,
      updated,
      first_started: running ? timeBetween(rng, created, updated) : 0,
      deduplicate_id: dedupId(id, updated),
      tags: someTags(rng),
      actions: actions.map((a) => ({ id: a.id, type: summaryType(a.type) })),
      msg_template_ids: templatesOf(actions),
    });
  }
  return { broadcasts, broadcastActions };
}
