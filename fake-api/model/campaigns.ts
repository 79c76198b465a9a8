// Campaigns and broadcasts with their actions (API.md §2.1, §2.2, §2.8, §2.9).

export interface ActionSummary {
  id: number;
  type: string;
}

// §2.1
export interface Campaign {
  id: number;
  name: string;
  description: string;
  active: boolean;
  state: 'running' | 'draft' | 'stopped';
  created: number;
  updated: number;
  /** 0 when the campaign never started. */
  first_started: number;
  deduplicate_id: string;
  tags: string[];
  actions: ActionSummary[];
  filter_segment_ids: number[];
  msg_templates: { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[];
  type: 'segment' | 'event' | 'date';
  trigger_segment_ids?: number[];
  event_name?: string;
  date_attribute?: string;
  frequency?: 'once' | 'monthly' | 'yearly';
  start_hour?: number;
  start_minutes?: number;
  timezone?: string;
  use_customer_timezone?: boolean;
}

export type ActionType = 'email' | 'push' | 'in_app' | 'slack' | 'twilio' | 'whatsapp' | 'webhook';

/** Fields every action shape carries (§2.2). */
export interface ActionCommon {
  id: number;
  parent_action_id: number | null;
  name: string;
  type: ActionType;
  language: string;
  sending_state: 'automatic' | 'draft' | 'off';
  created: number;
  updated: number;
  deduplicate_id: string;
}

/** Type-specific action fields (§2.2 oneOf); only the ones matching `type` are set. */
export interface ActionContent {
  subject?: string;
  body?: string;
  body_amp?: string | null;
  preheader_text?: string;
  from?: string;
  from_id?: number;
  reply_to?: string | null;
  reply_to_id?: number | null;
  recipient?: string;
  bcc?: string;
  cc?: string;
  fake_bcc?: boolean;
  headers?: string;
  layout?: string;
  preprocessor?: string;
  image_url?: string | null;
  body_json?: string;
  sender_identity_id?: number;
  send_to_unsubscribed?: boolean;
  tracked?: boolean;
  url?: string;
  method?: 'get' | 'post' | 'put' | 'delete' | 'patch';
}

export interface CampaignAction extends ActionCommon, ActionContent {
  campaign_id: number;
}

export interface BroadcastAction extends ActionCommon, ActionContent {
  broadcast_id: number;
}

// §2.8
export interface Broadcast {
  id: number;
  name: string;
  type: 'triggered_broadcast';
  state: 'running' | 'draft';
  active: boolean;
  created: number;
  updated: number;
  first_started: number;
  deduplicate_id: string;
  tags: string[];
  /** Summary types use "sms" where the action itself says "twilio". */
  actions: ActionSummary[];
  /** Deprecated; the actions' ids again, for the channels templates know. */
  msg_template_ids: { id: number; type: 'email' | 'sms' | 'push' | 'slack' }[];
}
