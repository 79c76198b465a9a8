// Newsletters with their contents (variants) and test groups (API.md §2.12, §2.15, §2.16).

export type NewsletterType = 'email' | 'webhook' | 'twilio' | 'push' | 'in_app' | 'inbox';

// §2.12
export interface Newsletter {
  id: number;
  name: string;
  type: NewsletterType;
  created: number;
  updated: number;
  sent_at: number | null;
  content_ids: number[];
  recipient_segment_ids: number[];
  subscription_topic_id: number | null;
  tags: string[];
  deduplicate_id: string;
}

// §2.15
export interface NewsletterContent {
  id: number;
  newsletter_id: number;
  name: string;
  type: NewsletterType;
  language: string;
  subject: string;
  body: string;
  body_amp: string | null;
  preheader_text: string;
  from: string;
  from_id: number;
  reply_to: string | null;
  reply_to_id: number | null;
  recipient: string;
  bcc: string;
  cc: string;
  fake_bcc: boolean;
  headers: string;
  layout: string;
  preprocessor: string;
  deduplicate_id: string;
}

// §2.16. newsletter_id is internal: the API answers per newsletter and does not echo it.
export interface NewsletterTestGroup {
  newsletter_id: number;
  id: number;
  name: string;
  label: string;
  winner: boolean;
  content_ids: number[];
}
