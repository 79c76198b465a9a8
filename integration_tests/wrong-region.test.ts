import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeApi, LoggedRequest } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { configuredCatalog, discoverFake, ofType, records, runConnector, statuses, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';

// A key of an EU workspace sent to the US host (customerio/customerio-node issue 134): the host
// answers 301 "wrong datacenter" with a Location on api-eu.customer.io.
const KEY = 'sk-wrong-region-9c0d1e2f';
const EU_ADVICE = /This App API key belongs to Customer\.io's EU data center: set base_url to https:\/\/api-eu\.customer\.io \(or a proxy of it\), or remove base_url and set region to eu/;

/** Every request the fake saw, as "METHOD path?query": a repeat would be a retry. */
const sent = (api: FakeApi) => api.requests.map((r: LoggedRequest) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()}`);

function assertNoKey(run: RunResult): void {
  assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY), 'the key appears in the output');
}

describe('a key of the other data center', () => {
  let good: FakeApi;
  let wrongEu: FakeApi;
  let dir: string;
  let streams: Json[];
  const config = (api: FakeApi, name: string) => writeJson(dir, name, { app_api_key: KEY, base_url: api.url });

  before(async () => {
    good = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 21 } });
    wrongEu = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 21 }, wrongRegion: { keyRegion: 'eu' } });
    dir = tempDir();
    ({ streams } = await discoverFake(good.url, KEY, dir));
  });
  after(async () => {
    await good.close();
    await wrongEu.close();
  });

  test('check is FAILED with the region advice after one request', async () => {
    wrongEu.clearLog();
    const run = await runConnector(['check', '--config', config(wrongEu, 'eu.json')]);
    assert.equal(run.code, 0);
    const status = ofType(run.messages, 'CONNECTION_STATUS')[0] as Json;
    assert.equal(status['status'], 'FAILED');
    assert.match(String(status['message']), EU_ADVICE);
    assert.match(String(status['message']), /HTTP 301 "wrong datacenter", Location on api-eu\.customer\.io/);
    assert.deepEqual(sent(wrongEu), ['GET /v1/workspaces?']);
    assertNoKey(run);
  });

  test('check of a US key on the EU host says to set region to us', async () => {
    const wrongUs = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 21 }, wrongRegion: { keyRegion: 'us' } });
    try {
      const run = await runConnector(['check', '--config', config(wrongUs, 'us.json')]);
      const status = ofType(run.messages, 'CONNECTION_STATUS')[0] as Json;
      assert.equal(status['status'], 'FAILED');
      assert.match(String(status['message']), /US data center: set base_url to https:\/\/api\.customer\.io .*set region to us/);
      assert.equal(wrongUs.requests.length, 1);
    } finally {
      await wrongUs.close();
    }
  });

  test('the Location receives nothing: the redirect is not followed with the key', async () => {
    const toGood = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 21 }, wrongRegion: { keyRegion: 'eu', locationOrigin: good.url } });
    good.clearLog();
    try {
      const cfg = config(toGood, 'to-good.json');
      const checked = await runConnector(['check', '--config', cfg]);
      const status = ofType(checked.messages, 'CONNECTION_STATUS')[0] as Json;
      assert.equal(status['status'], 'FAILED');
      // Not a Customer.io host: the region is unknown and the message names the host instead.
      assert.match(String(status['message']), new RegExp(`redirected to ${new URL(good.url).host.replace(/\./g, '\\.')}, which is not a Customer\\.io App API host`));
      const catalog = writeJson(dir, 'to-good-catalog.json', configuredCatalog([{ name: 'campaigns' }, { name: 'customers' }], streams));
      const read = await runConnector(['read', '--config', cfg, '--catalog', catalog]);
      assert.equal(read.code, 1);
      assert.equal(good.requests.length, 0, `the Location got ${sent(good).join(', ')}`);
    } finally {
      await toGood.close();
    }
  });

  test('discover fails with a config_error, leaving no stream out silently', async () => {
    wrongEu.clearLog();
    const run = await runConnector(['discover', '--config', config(wrongEu, 'eu.json')]);
    assert.equal(run.code, 1);
    assert.equal(ofType(run.messages, 'CATALOG').length, 0);
    const errors = traceErrors(run.messages);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.['failure_type'], 'config_error');
    assert.match(String(errors[0]?.['message']), EU_ADVICE);
    const requests = sent(wrongEu);
    assert.equal(new Set(requests).size, requests.length, `a request was repeated: ${requests.join(', ')}`);
    assert.ok(requests.length <= streams.length);
    assertNoKey(run);
  });

  test('read: every stream fails with the advice, at most one request each, no retries', async () => {
    const names = ['campaigns', 'campaign_actions', 'campaign_metrics', 'segments', 'newsletters', 'messages', 'customers', 'customer_attributes', 'activities'];
    const catalog = writeJson(dir, 'read-catalog.json', configuredCatalog(names.map((name) => ({ name })), streams));
    wrongEu.clearLog();
    const run = await runConnector(['read', '--config', config(wrongEu, 'eu.json'), '--catalog', catalog]);
    assert.equal(run.code, 1);
    assert.equal(records(run.messages).length, 0);
    const errors = traceErrors(run.messages);
    for (const name of names) {
      assert.deepEqual(statuses(run.messages, name), ['STARTED', 'INCOMPLETE'], name);
      const own = errors.find((e) => (e['stream_descriptor'] as Json | undefined)?.['name'] === name);
      assert.equal(own?.['failure_type'], 'config_error', name);
      assert.match(String(own?.['message']), EU_ADVICE);
    }
    const last = errors.at(-1) as Json;
    assert.equal(last['failure_type'], 'config_error');
    assert.match(String(last['message']), /did not sync successfully/);
    assert.match(String(last['message']), new RegExp(`^${EU_ADVICE.source}`));
    const requests = sent(wrongEu);
    assert.equal(new Set(requests).size, requests.length, `a request was repeated: ${requests.join(', ')}`);
    assert.ok(requests.length >= 1 && requests.length <= names.length, `${requests.length} requests for ${names.length} streams`);
    assert.ok(wrongEu.requests.every((r) => r.status === 301));
    assertNoKey(run);
  });
});
