// The small unpaged lists of a workspace: collections, exports, snippets, transactional
// messages, sender identities, reporting webhooks, subscription topics and channels, workspaces.

// §2.28
export interface Collection {
  id: number;
  name: string;
  bytes: number;
  rows: number;
  schema: string[];
  created_at: number;
  updated_at: number;
}

// §2.29
export interface Export {
  id: number;
  type: 'customers' | 'deliveries';
  status: 'done' | 'pending' | 'failed';
  failed: boolean;
  total: number;
  downloads: number;
  description: string;
  user_id: number;
  user_email: string;
  created_at: number;
  updated_at: number;
  deduplicate_id: string;
}

// §2.35: no id; `name` is the key.
export interface Snippet {
  name: string;
  value: string;
  updated_at: number;
}

// §2.37
export interface TransactionalMessage {
  id: number;
  name: string;
  description: string;
  send_to_unsubscribed: boolean;
  link_tracking: boolean;
  open_tracking: boolean;
  hide_message_body: boolean;
  queue_drafts: boolean;
  created_at: number;
  updated_at: number;
}

// §2.34
export interface SenderIdentity {
  id: number;
  name: string;
  email: string | null;
  address: string;
  template_type: 'email' | 'phone';
  auto_generated: boolean;
  hidden: boolean;
  phone: string | null;
  deduplicate_id: string;
}

// §2.33
export interface ReportingWebhook {
  id: number;
  name: string;
  endpoint: string;
  events: string[];
  disabled: boolean;
  full_resolution: boolean;
  with_content: boolean;
  type: 'webhook' | 'js';
}

// §2.36
export interface SubscriptionTopic {
  id: number;
  identifier: string;
  name: string;
  description: string;
  subscribed_by_default: boolean;
}

export interface SubscriptionChannel {
  id: number;
  name: string;
  description: string;
  type: string;
  subscribed_by_default: boolean;
}

// §2.40
export interface Workspace {
  id: number;
  name: string;
  messages_sent: number;
  billable_messages_sent: number;
  people: number;
  objects: number;
  object_types: number;
}
