// The fake's variety holds for every seed, is the same on every answer, and leaves the dataset's own types alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDataset, present, presentAll } from '../fake-api/index.js';
import { hasUserinfo } from '../src/userinfo.js';

const NOW = 1_750_000_000;
const NON_ASCII = /[^\x00-\x7f]/;
type Json = Record<string, unknown>;

test('every seed shows string and integer ids, nested ones too, Unicode, unknown fields and credentials in URLs', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const d = generateDataset({ size: 'tiny', seed, now: NOW });
    const campaigns = presentAll(seed, 'campaign', d.campaigns);
    const nested = campaigns.flatMap((c) => (c['actions'] as Json[]).map((a) => typeof a['id']));
    assert.ok(nested.includes('string') && nested.includes('number'), `seed ${seed}: ${nested.join(',')}`);
    const actions = presentAll(seed, 'campaign_action', d.campaignActions).map((a) => typeof a['from_id']).filter((t) => t !== 'undefined');
    assert.ok(actions.includes('string') && actions.includes('number'), `seed ${seed}: from_id`);
    assert.ok(d.campaigns.some((c) => NON_ASCII.test(c.name)), `seed ${seed}: Unicode campaign name`);
    assert.ok(d.campaignActions.some((a) => a.subject !== undefined && NON_ASCII.test(a.subject)), `seed ${seed}: Unicode subject`);
    assert.ok(d.reportingWebhooks.some((w) => hasUserinfo(w.endpoint)), `seed ${seed}: webhook endpoint with credentials`);
    assert.ok(d.reportingWebhooks.some((w) => !hasUserinfo(w.endpoint)), `seed ${seed}: webhook endpoint without`);
    for (const [kind, list] of [['campaign', d.campaigns], ['workspace', d.workspaces], ['snippet', d.snippets], ['segment', d.segments]] as const) {
      const known = new Set(list.flatMap((x) => Object.keys(x)));
      assert.ok(presentAll(seed, kind, list).some((x) => Object.keys(x).some((k) => !known.has(k))), `seed ${seed}: ${kind} extras`);
    }
  }
});

test('the same record is served the same way every time, and the dataset keeps its documented types', () => {
  const d = generateDataset({ size: 'tiny', seed: 3, now: NOW });
  for (const action of d.campaignActions) {
    assert.deepEqual(present(3, 'campaign_action', action), present(3, 'campaign_action', action));
    assert.equal(typeof action.id, 'number');
  }
  const shown = presentAll(3, 'campaign', d.campaigns);
  assert.ok(d.campaigns.every((c) => c.actions.every((a) => typeof a.id === 'number')));
  assert.notDeepEqual(shown, d.campaigns);
});
