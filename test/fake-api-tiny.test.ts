// The fake Customer.io App API on the tiny dataset: paging of campaign actions, unpaged lists as
// the API serialises them, segment usage, and the "list" shape of metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { present, presentAll, startFakeApi, type FakeApi, type ItemKind } from '../fake-api/index.js';
import { call, KEY, NOW, withQuery, type Json } from './helpers/fake-api-calls.js';

describe('fake API on the tiny dataset', () => {
  let api: FakeApi;

  before(async () => {
    api = await startFakeApi({ apiKey: KEY, requestsPerSecond: Infinity, datasetOptions: { size: 'tiny', seed: 5, now: NOW } });
  });
  after(() => api.close());

  test('campaign actions need two pages of 10', async () => {
    const campaign = api.dataset.campaigns[0];
    assert.ok(campaign);
    const first = await call(api, `/v1/campaigns/${campaign.id}/actions`);
    assert.equal((first.body['actions'] as Json[]).length, 10);
    assert.notEqual(first.body['next'], '');
    const second = await call(api, withQuery(`/v1/campaigns/${campaign.id}/actions`, { start: first.body['next'] as string }));
    assert.equal((second.body['actions'] as Json[]).length, 2);
    assert.equal(second.body['next'], '');
    assert.equal((await call(api, `/v1/campaigns/${campaign.id}/actions?start=garbage`)).status, 400);
  });

  test('unpaged lists return the dataset arrays as the API serialises them (test groups without newsletter_id)', async () => {
    const d = api.dataset;
    const cases: [string, string, ItemKind, readonly object[]][] = [
      ['/v1/campaigns', 'campaigns', 'campaign', d.campaigns],
      ['/v1/broadcasts', 'broadcasts', 'broadcast', d.broadcasts],
      ['/v1/segments', 'segments', 'segment', d.segments],
      ['/v1/collections', 'collections', 'collection', d.collections],
      ['/v1/exports', 'exports', 'export', d.exports],
      ['/v1/snippets', 'snippets', 'snippet', d.snippets],
      ['/v1/transactional', 'messages', 'transactional', d.transactional],
      ['/v1/reporting_webhooks', 'reporting_webhooks', 'reporting_webhook', d.reportingWebhooks],
      ['/v1/subscription_topics', 'topics', 'topic', d.subscriptionTopics],
      ['/v1/subscription_channels', 'channels', 'channel', d.subscriptionChannels],
      ['/v1/workspaces', 'workspaces', 'workspace', d.workspaces],
      ['/v1/object_types', 'types', 'object_type', d.objectTypes],
    ];
    for (const [path, key, kind, list] of cases) assert.deepEqual((await call(api, path)).body[key], presentAll(d.seed, kind, list), path);
    const withGroups = d.newsletterTestGroups[0];
    if (withGroups) {
      const answer = await call(api, `/v1/newsletters/${withGroups.newsletter_id}/test_groups`);
      const { newsletter_id: _omit, ...served } = withGroups;
      assert.deepEqual((answer.body['test_groups'] as Json[])[0], present(d.seed, 'test_group', served));
    }
  });

  test('used_by: every campaign that triggers on or filters by a segment, every newsletter sent or to be sent to it; 404 for no such segment', async () => {
    const d = api.dataset;
    const usage = new Map<number, Json>();
    for (const s of d.segments) {
      const answer = await call(api, `/v1/segments/${s.id}/used_by`);
      assert.equal(answer.status, 200);
      const usedBy = answer.body['used_by'] as Json;
      assert.equal(usedBy['segment_id'], s.id);
      usage.set(s.id, usedBy);
    }
    const listed = (segment: number, list: string) => (usage.get(segment)?.[list] as number[] | undefined) ?? [];
    let campaignUses = 0;
    for (const c of d.campaigns) {
      for (const segment of new Set([...c.filter_segment_ids, ...(c.trigger_segment_ids ?? [])])) {
        assert.ok(listed(segment, 'campaigns').includes(c.id), `campaign ${c.id} in segment ${segment}'s used_by`);
        campaignUses++;
      }
    }
    let newsletterUses = 0;
    for (const n of d.newsletters) {
      for (const segment of n.recipient_segment_ids) {
        assert.ok(listed(segment, n.sent_at === null ? 'draft_newsletters' : 'sent_newsletters').includes(n.id), `newsletter ${n.id} in segment ${segment}'s used_by`);
        newsletterUses++;
      }
    }
    const total = (list: string) => d.segments.reduce((sum, s) => sum + listed(s.id, list).length, 0);
    assert.equal(total('campaigns'), campaignUses);
    assert.equal(total('sent_newsletters') + total('draft_newsletters'), newsletterUses);
    assert.equal((await call(api, '/v1/segments/999/used_by')).status, 404);
  });

  test('metricsShape "list" serves one object per step', async () => {
    const listApi = await startFakeApi({ apiKey: KEY, dataset: api.dataset, requestsPerSecond: 0, metricsShape: 'list' });
    try {
      const answer = await call(listApi, '/v1/campaigns/1/metrics?period=days&steps=3');
      const steps = (answer.body['series'] as Json)['series'] as Json[];
      assert.equal(steps.length, 3);
      assert.equal(typeof steps[0]?.['sent'], 'number');
      const spec = await call(api, '/v1/campaigns/1/metrics?period=days&steps=3');
      const sent = (((spec.body['metric'] as Json)['series'] as Json)['sent'] as number[]);
      assert.deepEqual(steps.map((s) => s['sent']), sent);
    } finally {
      await listApi.close();
    }
  });
});
