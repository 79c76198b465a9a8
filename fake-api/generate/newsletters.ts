// Newsletters with their contents (variants) and, for those with several, their test groups.
import type { Rng } from '../random.js';
import type { Newsletter, NewsletterContent, NewsletterTestGroup, NewsletterType } from '../types.js';
import { campaignLikeName, createdAndUpdated, dedupId, someTags, timeBetween } from './common.js';

export interface NewsletterCatalog {
  newsletters: Newsletter[];
  newsletterContents: NewsletterContent[];
  newsletterTestGroups: NewsletterTestGroup[];
}

const NEWSLETTER_TYPES: readonly (readonly [NewsletterType, number])[] = [
  ['email', 70],
  ['push', 10],
  ['twilio', 8],
  ['in_app', 5],
  ['webhook', 4],
  ['inbox', 3],
];

export function generateNewsletters(
  rng: Rng,
  now: number,
  count: number,
  segmentIds: readonly number[],
  topicIds: readonly number[],
  senderIds: readonly number[],
): NewsletterCatalog {
  const newsletters: Newsletter[] = [];
  const newsletterContents: NewsletterContent[] = [];
  const newsletterTestGroups: NewsletterTestGroup[] = [];
  let nextContentId = 1;
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const { created, updated } = createdAndUpdated(rng, now);
    const type = rng.weighted(NEWSLETTER_TYPES);
    const sent = rng.chance(0.9);
    const contentIds = Array.from({ length: rng.int(1, 3) }, () => nextContentId++);
    for (const contentId of contentIds) {
      const senderId = senderIds.length > 0 ? rng.pick(senderIds) : 1;
      newsletterContents.push({
        id: contentId,
        newsletter_id: id,
        name: `Variant ${contentId}`,
        type,
        language: '',
        subject: `Newsletter ${id}: news you can use`,
        body: `<p>Edition ${id}, variant ${contentId}</p>`,
        body_amp: null,
        preheader_text: 'This week in brief',
        from: 'News <news@example.com>',
        from_id: senderId,
        reply_to: null,
        reply_to_id: null,
        recipient: '{{customer.email}}',
        bcc: '',
        cc: '',
        fake_bcc: false,
        headers: '[]',
        layout: 'newsletter',
        preprocessor: 'premailer',
        deduplicate_id: dedupId(contentId, updated),
      });
    }
    if (contentIds.length > 1) {
      contentIds.forEach((contentId, index) => {
        newsletterTestGroups.push({
          newsletter_id: id,
          id: index,
          name: String.fromCharCode(65 + index),
          label: `test ${index + 1}`,
          winner: sent && index === 0,
          content_ids: [contentId],
        });
      });
    }
    newsletters.push({
      id,
      name: `Newsletter ${campaignLikeName(rng, id)}`,
      type,
      created,
      updated,
      sent_at: sent ? timeBetween(rng, created, updated) : null,
      content_ids: contentIds,
      recipient_segment_ids: segmentIds.length > 0 ? rng.sample(segmentIds, rng.int(1, 2)) : [],
      subscription_topic_id: topicIds.length > 0 && rng.chance(0.6) ? rng.pick(topicIds) : null,
      tags: someTags(rng),
      deduplicate_id: dedupId(id, updated),
    });
  }
  return { newsletters, newsletterContents, newsletterTestGroups };
}
