/*
 * Pages are parsed once and records made from the parsed value: what a page says, not how it is
 * spelt, decides the records. The built connector reads `messages` from a server that answers
 * with scripted bodies: the same values in random valid spellings must give the same RECORD
 * lines; credentials escaped as \u0040 are still stripped; integers written with exponents come
 * out as digits; a page that is not JSON is asked for again, never written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetriesExhaustedError } from '../src/errors.js';
import { createApiClient } from '../src/http/client.js';
import { createLimiter } from '../src/http/limiter.js';
import { DEFAULT_RETRY_POLICY } from '../src/http/retry-policy.js';
import { paginate } from '../src/streams/paginate.js';
import { records, runConnector, tempDir, writeJson, type Json } from './helpers/connector.js';
import { Dice, randomText, spell } from './helpers/json-spelling.js';

/** Answers GET /v1/messages with the next scripted body; once they run out, an empty last page. */
class ScriptedApi {
  readonly bodies: string[] = [];
  requests = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests++;
      const body = req.url?.startsWith('/v1/messages') ? this.bodies.shift() ?? '{"messages":[],"next":""}' : '{}';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

const KEY = 'sk-json-pages-9f8e7d';
const CATALOG = {
  streams: [{
    stream: { name: 'messages', json_schema: {}, supported_sync_modes: ['full_refresh'] },
    sync_mode: 'full_refresh', destination_sync_mode: 'overwrite',
  }],
};

/** A delivery with escapes to make in keys and values, numbers to respell and fields to drop. */
function delivery(dice: Dice, n: number): Json {
  const text = () => randomText(dice);
  return {
    id: `d/${n} ${text()}`,
    type: dice.pick(['email', 'webhook', 'push']),
    created: 1_700_000_000 + dice.int(1_000_000),
    campaign_id: dice.chance(0.5) ? dice.int(100_000) : null,
    customer_id: dice.chance(0.5) ? dice.int(1_000_000) : `p-${text()}`,
    customer_identifiers: { id: dice.int(1000), email: `a${n}@example.com`, cio_id: `cio/${n}`, [`extra ${text()}`]: text() },
    recipient: dice.chance(0.5) ? `https://user:p4ss@hooks.example.com/${n}?q=${encodeURIComponent(text())}` : `${n}@example.com`,
    subject: text(),
    metrics: { sent: 1_700_000_000 + dice.int(1000), opened: dice.chance(0.5) ? 1_700_001_000 : null },
    [`undeclared ${text()}`]: { nested: [text(), dice.int(10), null, true] },
    forgotten: dice.chance(0.5),
  };
}

function pagesOf(seed: number, count: number): Json[] {
  const dice = new Dice(seed);
  return Array.from({ length: count }, (_, p) => ({
    messages: Array.from({ length: 1 + dice.int(5) }, (_, i) => delivery(dice, p * 10 + i)),
    next: p + 1 < count ? `token/${p + 1}` : '',
  }));
}

/** The data of every RECORD line, as written (emitted_at left out). */
async function readWith(api: ScriptedApi, bodies: string[], dir: string): Promise<{ lines: string[]; stdout: string; code: number | null }> {
  api.bodies.splice(0, api.bodies.length, ...bodies);
  const config = writeJson(dir, `config-${Math.random().toString(36).slice(2)}.json`, { app_api_key: KEY, base_url: api.url });
  const catalog = writeJson(dir, 'catalog.json', CATALOG);
  const run = await runConnector(['read', '--config', config, '--catalog', catalog]);
  const lines = run.stdout.split('\n').filter((l) => l.includes('"type":"RECORD"')).map((l) => l.replace(/,"emitted_at":\d+\}\}$/, ''));
  return { lines, stdout: run.stdout, code: run.code };
}

describe('records depend on what a page says, not on how it is spelt', () => {
  const api = new ScriptedApi();
  const dir = tempDir();
  before(() => api.start());
  after(() => api.close());

  for (const seed of [1, 2, 3]) {
    test(`random spellings of the same pages give the same RECORD lines (seed ${seed})`, async () => {
      const pages = pagesOf(seed, 6);
      const plain = await readWith(api, pages.map((p) => JSON.stringify(p)), dir);
      const dice = new Dice(seed * 7919);
      const spelt = pages.map((p) => spell(p, dice));
      assert.ok(spelt.some((s) => s.includes('\\u')) && spelt.some((s) => s.includes('\\/')) && spelt.some((s) => /\d[eE][+-]?\d/.test(s)), 'the spellings use escapes, \\/ and exponents');
      const respelt = await readWith(api, spelt, dir);
      assert.equal(respelt.code, 0, respelt.stdout.slice(-400));
      assert.equal(plain.lines.length, pages.reduce((n, p) => n + (p['messages'] as Json[]).length, 0));
      assert.deepEqual(respelt.lines, plain.lines);
      // The declared types hold whatever the spelling: ids as text, times as digits, no credentials.
      for (const line of respelt.lines) {
        const data = (JSON.parse(`${line}}}`) as { record: { data: Json } }).record.data;
        assert.equal(typeof data['customer_id'], 'string');
        assert.ok(!String(data['recipient']).includes('p4ss'), 'credentials stripped');
        assert.ok(Object.keys(data).every((k) => !k.startsWith('undeclared')), 'undeclared fields left out');
      }
      assert.doesNotMatch(respelt.lines.join('\n'), /"(created|sent|opened)":-?\d+(\.\d+|[eE])/, 'integers are digits');
    });
  }

  test('a password in a URL escaped as \\u0040 is stripped like any other', async () => {
    const page = '{"messages":[{"id":"a","type":"webhook","created":1700000000,"recipient":"https://hookuser:secret\\u0040hooks.example.com/a"}],"next":""}';
    const run = await readWith(api, [page], dir);
    assert.equal(run.code, 0, run.stdout.slice(-400));
    const [data] = records(run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string }), 'messages');
    assert.equal(data?.['recipient'], 'https://hooks.example.com/a');
    assert.ok(!run.stdout.includes('secret'), 'the password is in no output line');
  });

  test('integers written with exponents or fractions come out as digits', async () => {
    const page = '{"messages":[{"id":"a","created":1.785359031E+9,"campaign_id":12.0,"metrics":{"sent":17853590310e-1}}],"next":""}';
    const run = await readWith(api, [page], dir);
    assert.equal(run.lines.length, 1);
    assert.match(run.lines[0] ?? '', /"created":1785359031,"campaign_id":12,"metrics":\{"sent":1785359031\}/);
  });

  for (const broken of ['tru', '01', '{"messages":[{"id":"a","forgotten":tru}],"next":""}', '{"messages":[{"id":"a"},],"next":""}', '{"messages":[{"id":"a","created":01}]}']) {
    test(`a page that is not JSON is asked for again, never written: ${broken}`, async () => {
      const good = '{"messages":[{"id":"after-retry","created":1700000000}],"next":""}';
      const before = api.requests;
      const run = await readWith(api, [broken, good], dir);
      assert.equal(run.code, 0, run.stdout.slice(-400));
      assert.deepEqual(run.lines.map((l) => (JSON.parse(`${l}}}`) as { record: { data: Json } }).record.data['id']), ['after-retry']);
      // Two windows of history: the broken answer, its retry, and the second window's page.
      assert.equal(api.requests - before, 3);
    });
  }

  test('a page that stays broken fails as transient after the retries, through the client the connector uses', async () => {
    const quick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
    const client = createApiClient({
      baseUrl: api.url, apiKey: KEY, region: 'us', limiter: createLimiter(1000, quick), sleep: quick, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    });
    api.bodies.splice(0, api.bodies.length, ...Array.from({ length: 3 }, () => '{"messages":[{"id":"x"}'));
    const before = api.requests;
    try {
      const pages = paginate({ client, method: 'GET', path: '/messages', envelope: 'messages', pagination: { kind: 'cursor', limit: 1000 }, tag: 'messages' });
      await assert.rejects(pages.next(), (e: unknown) => e instanceof RetriesExhaustedError && e.failureType === 'transient_error' && /not valid JSON/.test(e.message));
      assert.equal(api.requests - before, 3);
    } finally {
      await client.close();
    }
  });
});
