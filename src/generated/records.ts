// placeholder until scripts/generate.ts runs
type R = { [k: string]: unknown };
export interface StreamRecordMap { campaigns: R; broadcasts: R; newsletters: R; segments: R; collections: R; exports: R; snippets: R; transactional_messages: R; sender_identities: R; reporting_webhooks: R; subscription_topics: R; subscription_channels: R; workspaces: R; object_types: R; info_ip_addresses: R; activities: R; messages: R; campaign_actions: R; broadcast_actions: R; newsletter_variants: R; newsletter_test_groups: R; segment_membership: R }
