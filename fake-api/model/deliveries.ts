// Deliveries ("messages") and activities (API.md §2.20, §2.27).
import type { JsonValue } from './json.js';
import type { Identifiers } from './people.js';

export type DeliveryType = 'email' | 'webhook' | 'twilio' | 'push' | 'in_app' | 'slack' | 'whatsapp' | 'inbox';

export type DeliveryMetricName =
  | 'created'
  | 'drafted'
  | 'attempted'
  | 'sent'
  | 'delivered'
  | 'opened'
  | 'clicked'
  | 'converted'
  | 'bounced'
  | 'dropped'
  | 'failed'
  | 'spammed'
  | 'undeliverable'
  | 'unsubscribed'
  | 'human_opened'
  | 'human_clicked'
  | 'prefetch_opened'
  | 'prefetch_clicked';

// §2.20: one delivery of a campaign, broadcast, newsletter or transactional message.
export interface Delivery {
  id: string;
  deduplicate_id: string;
  action_id: number | null;
  campaign_id: number | null;
  broadcast_id: number | null;
  newsletter_id: number | null;
  content_id: number | null;
  parent_action_id: number | null;
  trigger_event_id: string | null;
  customer_id: string | null;
  customer_identifiers: Identifiers;
  recipient: string;
  subject: string | null;
  type: DeliveryType;
  created: number;
  failure_message: string | null;
  forgotten: boolean;
  msg_template_id: number | null;
  /** metric name -> unix time it first happened; only recorded metrics are present. */
  metrics: Partial<Record<DeliveryMetricName, number>>;
}

// §2.27. Optional fields are present only for the activity types that carry them.
export interface Activity {
  id: string;
  type: string;
  timestamp: number;
  customer_id: string | null;
  customer_identifiers: Identifiers;
  name?: string;
  url?: string;
  delivery_id?: string;
  delivery_type?: 'ios' | 'android' | 'email' | 'phone';
  data?: { [key: string]: JsonValue };
}
