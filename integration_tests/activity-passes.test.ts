import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeApi } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { configuredCatalog, discoverFake, records, runConnector, tempDir, traceErrors, writeJson, type Json } from '../test/helpers/connector.js';

/*
 * With activity_types configured the API is asked one type a request: each type is a chain of
 * pages, and the chains run side by side instead of one after another (in both layouts), each
 * reading only its type, with every activity of the types exactly once.
 */
const KEY = 'sk-activity-passes-8a9b0c';
const TYPES = ['event', 'page', 'attribute_change'];

describe('activity type passes side by side', () => {
  let api: FakeApi;
  let dir: string;

  before(async () => {
    api = await startTestApi({ apiKey: KEY, datasetOptions: { size: { activities: 1500, people: 60 }, seed: 37 } });
    dir = tempDir();
  });
  after(async () => api.close());

  const passesOf = () => {
    const asked = api.requests.filter((r) => r.path === '/v1/activities').map((r) => String(r.query['type']));
    const firsts = TYPES.map((t) => asked.indexOf(t));
    const lasts = TYPES.map((t) => asked.lastIndexOf(t));
    return { asked, firsts, lasts };
  };

  for (const layout of ['single', 'per_type'] as const) {
    test(`${layout} layout: one filtered chain per type, all begun before any ends`, async () => {
      const found = await discoverFake(api.url, KEY, dir, { activity_types: TYPES, activities_layout: layout });
      const names = layout === 'single' ? ['activities'] : TYPES.map((t) => `activities_${t}`);
      api.clearLog();
      const catalog = writeJson(dir, `c-${layout}.json`, configuredCatalog(names.map((name) => ({ name })), found.streams));
      const run = await runConnector(['read', '--config', found.config, '--catalog', catalog]);
      assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
      const got = names.flatMap((n) => records(run.messages, n)).map((r) => (r as Json)['id'] as string);
      const want = api.dataset.activities.filter((a) => TYPES.includes(a.type) && !api.dataset.deletedPeople.some((p) => p.cio_id === a.customer_identifiers.cio_id));
      assert.equal(new Set(got).size, got.length, 'no activity twice');
      assert.deepEqual(new Set(got), new Set(want.map((a) => a.id)));
      const { asked, firsts, lasts } = passesOf();
      assert.ok(asked.every((t) => TYPES.includes(t)), 'every request names one type');
      assert.ok(lasts.some((last, i) => last > (firsts[i] as number)), 'a type with more than one page');
      assert.ok(Math.max(...firsts) < Math.min(...lasts.filter((last, i) => last > (firsts[i] as number))), `passes one after another: ${asked.join(',')}`);
    });
  }
});
