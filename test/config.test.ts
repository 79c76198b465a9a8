import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

test('defaults apply and the region picks the host', () => {
  const c = parseConfig({ app_api_key: 'k-123456' });
  assert.equal(c.baseUrl, 'https://api.customer.io');
  assert.equal(c.requestsPerSecond, 10);
  assert.deepEqual(c.metricsPeriods, ['days']);
  assert.equal(c.lookbackSeconds, 3600);
  assert.equal(c.messagesLookbackSeconds, 30 * 86400);
  assert.equal(parseConfig({ app_api_key: 'k', region: 'eu' }).baseUrl, 'https://api-eu.customer.io');
});

test('base_url overrides the region; http only to loopback', () => {
  assert.equal(parseConfig({ app_api_key: 'k', region: 'eu', base_url: 'http://127.0.0.1:8080' }).baseUrl, 'http://127.0.0.1:8080');
  assert.equal(parseConfig({ app_api_key: 'k', base_url: 'https://proxy.example.com/' }).baseUrl, 'https://proxy.example.com');
  assert.throws(() => parseConfig({ app_api_key: 'k', base_url: 'http://api.customer.io' }), /https for non-loopback/);
});

test('a password inside base_url is neither kept nor echoed', () => {
  assert.equal(parseConfig({ app_api_key: 'k', base_url: 'https://user:pw-9x@proxy.example.com/' }).baseUrl, 'https://proxy.example.com');
  for (const base_url of ['https://user:pw-9x@bad host/', 'http://user:pw-9x@proxy.example.com/']) {
    assert.throws(() => parseConfig({ app_api_key: 'k', base_url }), (error: Error) => !error.message.includes('pw-9x') && /base_url/.test(error.message));
  }
});

test('invalid configs are config errors that name the problem', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /app_api_key/],
    [{ app_api_key: 'k', region: 'mars' }, /region: must be one of/],
    [{ app_api_key: 'k', requests_per_second: 50 }, /requests_per_second/],
    [{ app_api_key: 'k', start_date: 'yesterday' }, /start_date/],
    [{ app_api_key: 'k', customer_filter: '{not json' }, /customer_filter/],
    [[], /JSON object/],
  ];
  for (const [raw, pattern] of cases) {
    assert.throws(() => parseConfig(raw), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
  }
});

test('start_date and the customer filter are parsed', () => {
  const c = parseConfig({ app_api_key: 'k', start_date: '2025-01-01T00:00:00Z', customer_filter: '{"filter":{"segment":{"id":7}}}' });
  assert.equal(c.startDate, Date.UTC(2025, 0, 1) / 1000);
  assert.deepEqual(c.customerFilter, { segment: { id: 7 } });
});

test('end_date: optional, parsed like start_date, and only after it', () => {
  assert.equal(parseConfig({ app_api_key: 'k' }).endDate, undefined);
  assert.equal(parseConfig({ app_api_key: 'k', end_date: '2025-07-01T00:00:00Z' }).endDate, Date.UTC(2025, 6, 1) / 1000);
  assert.equal(parseConfig({ app_api_key: 'k', start_date: '2025-01-01T00:00:00Z', end_date: '2025-01-01T00:00:01Z' }).endDate, Date.UTC(2025, 0, 1) / 1000 + 1);
  for (const end_date of ['2025-01-01T00:00:00Z', '2025-01-01T01:00:00+02:00', '2024-06-01T00:00:00Z']) {
    assert.throws(() => parseConfig({ app_api_key: 'k', start_date: '2025-01-01T00:00:00Z', end_date }), (e: unknown) => e instanceof ConfigError && /end_date .* must be after start_date/.test(e.message), end_date);
  }
  assert.throws(() => parseConfig({ app_api_key: 'k', end_date: 'soon' }), (e: unknown) => e instanceof ConfigError && /end_date/.test(e.message));
});

test('esp_suppression_domains: none by default, one lower-case entry per domain, host names only', () => {
  assert.deepEqual(parseConfig({ app_api_key: 'k' }).espSuppressionDomains, []);
  assert.deepEqual(parseConfig({ app_api_key: 'k', esp_suppression_domains: ['Mail.Example.com', 'mail.example.com', 'news.example.co.uk'] }).espSuppressionDomains, ['mail.example.com', 'news.example.co.uk']);
  for (const domain of ['example', 'a/b.example.com', 'mail.example.com/', '-x.example.com', '']) {
    assert.throws(() => parseConfig({ app_api_key: 'k', esp_suppression_domains: [domain] }), (e: unknown) => e instanceof ConfigError && /esp_suppression_domains/.test(e.message), domain);
  }
});
