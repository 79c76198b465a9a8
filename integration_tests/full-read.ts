// One full read of every stream from the varied fake, shared by every test of
// full-read.test.ts: a full read is the slowest thing an end-to-end test does, so it is done once.
import assert from 'node:assert/strict';
import type { FakeApi, LoggedRequest } from '../fake-api/index.js';
import { configuredCatalog, ofType, runConnector, tempDir, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';
import { startTestApi } from '../test/helpers/fake.js';

export const KEY = 'sk-test-4f9a8b7c6d5e';
export const PERIODS = ['days', 'weeks'] as const;

export interface FullRead {
  api: FakeApi;
  discovered: Json[];
  result: RunResult;
  /** The fake's request log of the read alone (later requests of the tests are not in it). */
  requests: LoggedRequest[];
  /** Unix seconds just before the read: delivery windows count back from here. */
  startedAt: number;
}

let shared: Promise<FullRead> | undefined;

/** Starts the fake and reads every stream on the first call; later calls get the same read. */
export function fullRead(): Promise<FullRead> {
  shared ??= (async () => {
    // seed 29: a dataset with every kind of variety the tests look for (see full-read.test.ts).
    const api = await startTestApi({ apiKey: KEY, datasetOptions: { size: 'tiny', seed: 29 } });
    // Hidden sender identities are listed only with hidden=true: make sure one exists.
    api.dataset.senderIdentities[0]!.hidden = true;
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', { app_api_key: KEY, base_url: api.url, metrics_periods: PERIODS });
    const disc = await runConnector(['discover', '--config', config]);
    assert.equal(disc.code, 0, disc.stdout);
    const discovered = (ofType(disc.messages, 'CATALOG')[0] as Json)['streams'] as Json[];
    const catalog = configuredCatalog(discovered.map((s) => ({ name: s['name'] as string })), discovered);
    api.clearLog();
    const startedAt = Math.floor(Date.now() / 1000);
    const result = await runConnector(['read', '--config', config, '--catalog', writeJson(dir, 'catalog.json', catalog)], { timeoutMs: 300_000 });
    return { api, discovered, result, requests: [...api.requests], startedAt };
  })();
  return shared;
}
