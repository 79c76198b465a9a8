// segment_usage and the per-domain suppression lists, read by the built connector from the fake
// API: every record as the fake serves it, and exactly the requests the stream table implies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { present, segmentUsage, type FakeApi, type Suppression } from '../fake-api/index.js';
import { startTestApi } from '../test/helpers/fake.js';
import { configuredCatalog, discoverFake, ofType, records, runConnector, tempDir, traceErrors, writeJson, type Json, type RunResult } from '../test/helpers/connector.js';
import { expectedKeys } from './expected.js';

const KEY = 'sk-usage-7e6d5c4b';
const TYPES = ['bounces', 'blocks', 'spam_reports', 'invalid_emails'] as const;
/** Two full domains of the fake, one in capitals; one it does not know; one whose lists answer 404. */
const DOMAINS = ['mail.example.com', 'News.Example.com', 'quiet.example.com', 'unknown.example.com', 'gone.example.com'];
const READ_AS = DOMAINS.map((d) => d.toLowerCase());
/** More than one page of 1000 on the workspace-wide lists and on mail.example.com's. */
const PER_TYPE = 1001;
/** A segment deleted between the segments list and its used_by request. */
const DELETED_SEGMENT = 3;

/** One JSON text per record, keys sorted, so that records compare as sets. */
const canonical = (r: Json) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));

describe('segment_usage and esp_suppressions with esp_suppression_domains', () => {
  let api: FakeApi;
  let run: RunResult;
  let streams: Json[];

  before(async () => {
    api = await startTestApi({
      apiKey: KEY,
      // Seed 11: segment 1 is used by nothing, segment 2 by a campaign and a sent and a draft newsletter.
      datasetOptions: { seed: 11, size: { suppressionsPerType: PER_TYPE } },
      faults: { notFound: [`/v1/segments/${DELETED_SEGMENT}/used_by`, ...TYPES.map((t) => `/v1/esp/domains/gone.example.com/suppression/${t}`)] },
    });
    const dir = tempDir();
    const discovered = await discoverFake(api.url, KEY, dir, { esp_suppression_domains: DOMAINS });
    streams = discovered.streams;
    const catalog = configuredCatalog([{ name: 'segment_usage' }, { name: 'esp_suppressions' }], streams);
    api.clearLog();
    run = await runConnector(['read', '--config', discovered.config, '--catalog', writeJson(dir, 'catalog.json', catalog)], { timeoutMs: 120_000 });
  });
  after(async () => api.close());

  test('the read succeeds and warns once for the deleted segment and once per list of the 404 domain', () => {
    assert.equal(run.code, 0, JSON.stringify(traceErrors(run.messages)));
    const warnings = ofType(run.messages, 'LOG').filter((l) => l['level'] === 'WARN').map((l) => String(l['message']));
    assert.equal(warnings.filter((w) => w.includes(`segments ${DELETED_SEGMENT} was not found`)).length, 1, warnings.join('\n'));
    assert.equal(warnings.filter((w) => w.includes('gone.example.com')).length, TYPES.length, warnings.join('\n'));
  });

  test('segment_usage: one record per segment, equal to what uses it in the dataset', () => {
    const d = api.dataset;
    const expected = d.segments.filter((s) => s.id !== DELETED_SEGMENT).map((s) => segmentUsage(d, s.id));
    assert.deepEqual(records(run.messages, 'segment_usage').map(canonical).sort(), expected.map((u) => canonical({ ...u })).sort());
    // Empty lists and full ones are both read.
    for (const list of ['campaigns', 'sent_newsletters', 'draft_newsletters'] as const) {
      assert.ok(expected.some((u) => u[list].length > 0) && expected.some((u) => u[list].length === 0), `${list}: an empty one and a full one`);
    }
  });

  test('esp_suppressions: the workspace-wide lists with domain "", then each configured domain\'s, every record as served', () => {
    const d = api.dataset;
    const served = (s: Suppression, domain: string) => {
      const { email, created, reason, status } = s;
      const shown = present(d.seed, 'suppression', { email, created, reason, status });
      const declared = Object.fromEntries(Object.entries(shown).filter(([k]) => ['email', 'created', 'reason', 'status'].includes(k)));
      return canonical({ ...declared, type: s.type, domain });
    };
    const expected = [
      ...d.suppressions.map((s) => served(s, '')),
      ...d.domainSuppressions.filter((s) => READ_AS.includes(s.domain)).map((s) => served(s, s.domain)),
    ];
    const got = records(run.messages, 'esp_suppressions').map(canonical);
    assert.deepEqual(got.sort(), expected.sort());
    // An address on a domain's list and on the workspace-wide one is two records: domain is in the key.
    const stream = streams.find((s) => s['name'] === 'esp_suppressions') as Json;
    assert.deepEqual(stream['source_defined_primary_key'], [['domain'], ['type'], ['email']]);
    const keys = expectedKeys(d, 'esp_suppressions', { messagesFrom: 0, suppressionDomains: READ_AS }) ?? [];
    assert.equal(new Set(keys).size, got.length);
    const shared = d.domainSuppressions.find((s) => d.suppressions.some((w) => w.email === s.email && w.type === s.type));
    assert.ok(shared && keys.includes(JSON.stringify(['', shared.type, shared.email])) && keys.includes(JSON.stringify([shared.domain, shared.type, shared.email])));
  });

  test('requests: the segments list once, one used_by per segment, and each list of each scope page by page', () => {
    const d = api.dataset;
    const ok = (r: { status: number }) => r.status !== 429;
    const paths = api.requests.filter(ok).map((r) => r.path);
    assert.equal(paths.filter((p) => p === '/v1/segments').length, 1);
    const usage = paths.filter((p) => p.endsWith('/used_by')).sort();
    assert.deepEqual(usage, d.segments.map((s) => `/v1/segments/${s.id}/used_by`).sort());

    // Workspace-wide: offset pages of 1000 until a short one.
    const wide = api.requests.filter(ok).filter((r) => r.path.startsWith('/v1/esp/suppression/'));
    const widePages = (t: string) => Math.floor(d.suppressions.filter((s) => s.type === t).length / 1000) + 1;
    assert.deepEqual(wide.map((r) => `${r.path}?offset=${r.query['offset']}&limit=${r.query['limit']}`).sort(),
      TYPES.flatMap((t) => Array.from({ length: widePages(t) }, (_, i) => `/v1/esp/suppression/${t}?offset=${i * 1000}&limit=1000`)).sort());

    // Per domain, lower-cased: `start` tokens, at least one request per list even when it is empty.
    const scoped = api.requests.filter(ok).filter((r) => r.path.startsWith('/v1/esp/domains/'));
    const scopedPages = (domain: string, t: string) => Math.max(1, Math.ceil(d.domainSuppressions.filter((s) => s.domain === domain && s.type === t).length / 1000));
    assert.deepEqual(scoped.map((r) => r.path).sort(),
      READ_AS.flatMap((domain) => TYPES.flatMap((t) => Array.from({ length: scopedPages(domain, t) }, () => `/v1/esp/domains/${domain}/suppression/${t}`))).sort());
    assert.ok(scoped.every((r) => r.query['limit'] === '1000' && !('offset' in r.query)));
    assert.equal(scoped.filter((r) => r.query['start'] !== undefined).length, TYPES.length, 'one second page per type, on mail.example.com');
  });
});
