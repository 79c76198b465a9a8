// Failures the connector must survive or report: injected faults (429, 5xx, resets, truncated
// bodies), a parent deleted mid-sync, and streams the key may not read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeApi } from '../fake-api/index.js';
import { configuredCatalog, discoverFake, ofType, pkOf, records, runConnector, statuses, tempDir, traceErrors, writeJson, type Json } from '../test/helpers/connector.js';
import { startTestApi } from '../test/helpers/fake.js';
import { DEFAULT_HISTORY_SECONDS } from '../src/streams/custom/windows.js';
import { expectedKeys } from './expected.js';

const KEY = 'sk-test-4f9a8b7c6d5e';

describe('faults', () => {
  test('429s with and without Retry-After, 5xx, resets and truncated bodies lose nothing', async () => {
    // Paced, at the fake's own limit of 10 a second: this read checks 429 handling too.
    const api = await startFakeApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 11 } });
    try {
      const dir = tempDir();
      const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url });
      const names = ['campaigns', 'campaign_actions', 'segments', 'segment_membership', 'messages', 'activities', 'customers', 'customer_attributes', 'newsletters', 'campaign_messages', 'customer_messages', 'objects'];
      const disc = await runConnector(['discover', '--config', config]);
      const discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
      const catalog = writeJson(dir, 'catalog.json', configuredCatalog(names.map((name) => ({ name })), discovered));
      api.setFaults({ seed: 3, rate429: 0.25, retryAfter: 'mixed', status5xx: 0.15, reset: 0.1, truncate: 0.1, maxFaultsPerPath: 2 });
      api.clearLog();
      const run = await runConnector(['read', '--config', config, '--catalog', catalog], { timeoutMs: 300_000, paced: true });
      assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
      const faults = api.requests.filter((r) => r.fault !== undefined);
      assert.ok(faults.length >= 5, `only ${faults.length} faults were injected`);
      const messagesFrom = Math.floor(Date.now() / 1000) - DEFAULT_HISTORY_SECONDS;
      for (const name of names) {
        const stream = discovered.find((s) => s['name'] === name) as Json;
        const got = new Set(records(run.messages, name).map((r) => pkOf(r, stream['source_defined_primary_key'] as string[][])));
        assert.deepEqual([...got].sort(), [...(expectedKeys(api.dataset, name, { messagesFrom }) ?? [])].sort(), name);
      }
    } finally {
      await api.close();
    }
  });

  test('a parent deleted mid-sync is skipped with a warning and the sync exits 0', async () => {
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 5 } });
    try {
      const gone = api.dataset.campaigns[1]?.id;
      api.setFaults({ notFound: [`/v1/campaigns/${gone}/actions`] });
      const dir = tempDir();
      const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog([{ name: 'campaign_actions' }], discovered))]);
      assert.equal(run.code, 0);
      const warnings = ofType(run.messages, 'LOG').filter((l) => l['level'] === 'WARN' && String(l['message']).includes(`campaigns ${gone}`));
      assert.equal(warnings.length, 1);
      const ids = new Set(records(run.messages, 'campaign_actions').map((r) => r['campaign_id']));
      assert.ok(!ids.has(gone));
      assert.equal(ids.size, api.dataset.campaigns.length - 1);
    } finally {
      await api.close();
    }
  });

  test('a failing stream is INCOMPLETE with a TRACE naming it; the others complete; exit non-zero', async () => {
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 5 } });
    try {
      const dir = tempDir();
      const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
      api.setFaults({ forbidden: ['/v1/segments'] });
      const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog([{ name: 'segments' }, { name: 'campaigns' }, { name: 'snippets' }], discovered))]);
      assert.notEqual(run.code, 0);
      assert.deepEqual(statuses(run.messages, 'segments'), ['STARTED', 'INCOMPLETE']);
      assert.equal(statuses(run.messages, 'campaigns').at(-1), 'COMPLETE');
      assert.equal(statuses(run.messages, 'snippets').at(-1), 'COMPLETE');
      const errors = traceErrors(run.messages);
      assert.ok(errors.some((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === 'segments' && e['failure_type'] === 'config_error'));
    } finally {
      await api.close();
    }
  });
});

test('in the shared people pass, one failing stream stops alone', async () => {
  const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 8 } });
  try {
    const dir = tempDir();
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
    api.setFaults({ forbidden: ['/v1/customers/attributes'] });
    const names = ['customers', 'customer_attributes', 'customer_relationships'];
    const run = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'c.json', configuredCatalog(names.map((name) => ({ name })), discovered))]);
    assert.notEqual(run.code, 0);
    assert.equal(statuses(run.messages, 'customer_attributes').at(-1), 'INCOMPLETE');
    assert.equal(statuses(run.messages, 'customers').at(-1), 'COMPLETE');
    assert.equal(statuses(run.messages, 'customer_relationships').at(-1), 'COMPLETE');
    assert.equal(records(run.messages, 'customers').length, api.dataset.people.length);
    assert.equal(records(run.messages, 'customer_relationships').length, api.dataset.relationships.length);
    assert.equal(traceErrors(run.messages).filter((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === 'customer_attributes').length, 1);
  } finally {
    await api.close();
  }
});

test('in a tree, a failing grandchild stops alone and a failing list fails its children naming it', async () => {
  const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 8 } });
  try {
    const dir = tempDir();
    const { config, streams: discovered } = await discoverFake(api.url, KEY, dir);
    const names = ['campaigns', 'campaign_actions', 'campaign_action_metrics', 'campaign_metrics'];
    const catalog = writeJson(dir, 'c.json', configuredCatalog(names.map((name) => ({ name })), discovered));
    const firstAction = api.dataset.campaignActions[0]!;
    api.setFaults({ forbidden: [`/v1/campaigns/${firstAction.campaign_id}/actions/${firstAction.id}/metrics`] });
    const one = await runConnector(['read', '--config', config, '--catalog', catalog]);
    assert.equal(statuses(one.messages, 'campaign_action_metrics').at(-1), 'INCOMPLETE');
    for (const name of ['campaigns', 'campaign_actions', 'campaign_metrics']) assert.equal(statuses(one.messages, name).at(-1), 'COMPLETE', name);
    assert.equal(records(one.messages, 'campaign_actions').length, api.dataset.campaignActions.length);

    api.setFaults({ forbidden: ['/v1/campaigns'] });
    const all = await runConnector(['read', '--config', config, '--catalog', catalog]);
    const errors = traceErrors(all.messages);
    for (const name of names) {
      assert.equal(statuses(all.messages, name).at(-1), 'INCOMPLETE', name);
      const own = errors.find((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === name);
      assert.equal(own?.['failure_type'], 'config_error', name);
      if (name !== 'campaigns') assert.match(String(own?.['message']), /its parent stream campaigns could not be read/, name);
    }
  } finally {
    await api.close();
  }
});
