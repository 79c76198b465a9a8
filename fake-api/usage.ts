// What uses a segment (GET /v1/segments/{id}/used_by, API.md §2.17), derived from the dataset:
// the campaigns it triggers or filters, and the newsletters sent or to be sent to it.
import type { Dataset } from './types.js';

/** The `used_by` object, in the shape Airbyte's connector reads. */
export interface SegmentUsage {
  segment_id: number;
  campaigns: number[];
  sent_newsletters: number[];
  draft_newsletters: number[];
}

export function segmentUsage(dataset: Dataset, segmentId: number): SegmentUsage {
  const campaigns = dataset.campaigns.filter((c) => c.filter_segment_ids.includes(segmentId) || (c.trigger_segment_ids ?? []).includes(segmentId));
  const newsletters = dataset.newsletters.filter((n) => n.recipient_segment_ids.includes(segmentId));
  return {
    segment_id: segmentId,
    campaigns: campaigns.map((c) => c.id),
    // A newsletter that was never sent is a draft.
    sent_newsletters: newsletters.filter((n) => n.sent_at !== null).map((n) => n.id),
    draft_newsletters: newsletters.filter((n) => n.sent_at === null).map((n) => n.id),
  };
}
