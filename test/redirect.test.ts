import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locationHost, redirectError, regionOfHost } from '../src/http/redirect.js';
import { RedirectError } from '../src/errors.js';

const US = { region: 'us', baseUrl: 'https://api.customer.io', baseUrlSet: false } as const;
const EU = { region: 'eu', baseUrl: 'https://api-eu.customer.io', baseUrlSet: false } as const;
const DETAIL = 'wrong datacenter';

test('an EU key on the US host: set region to eu', () => {
  const e = redirectError(301, 'GET /v1/workspaces', 'https://api-eu.customer.io/v1/workspaces', DETAIL, US);
  assert.ok(e instanceof RedirectError);
  assert.equal(e.failureType, 'config_error');
  assert.equal(e.status, 301);
  assert.match(e.message, /^This App API key belongs to Customer\.io's EU data center: set region to eu \(region is us\)\./);
  assert.match(e.message, /\(HTTP 301 "wrong datacenter", Location on api-eu\.customer\.io; the connector does not follow redirects/);
  assert.match(e.internalMessage ?? '', /^GET \/v1\/workspaces -> 301: wrong datacenter; Location host api-eu\.customer\.io$/);
});

test('a US key on the EU host: set region to us', () => {
  const e = redirectError(301, 'GET /v1/campaigns', 'https://api.customer.io/v1/campaigns?limit=1', DETAIL, EU);
  assert.match(e.message, /US data center: set region to us \(region is eu\)/);
});

test('with base_url the advice names base_url and the region alternative', () => {
  const e = redirectError(301, 'GET /v1/workspaces', 'https://api-eu.customer.io/v1/workspaces', DETAIL, { region: 'us', baseUrl: 'https://proxy.example.com', baseUrlSet: true });
  assert.match(e.message, /EU data center: set base_url to https:\/\/api-eu\.customer\.io \(or a proxy of it\), or remove base_url and set region to eu \(base_url is https:\/\/proxy\.example\.com\)\./);
  // base_url naming a region host exactly is still base_url: "set region" alone would change nothing.
  const same = redirectError(301, 'GET /v1/workspaces', 'https://api-eu.customer.io/', DETAIL, { ...US, baseUrlSet: true });
  assert.match(same.message, /set base_url to https:\/\/api-eu\.customer\.io/);
});

test('an unknown Location host is named, the region is said to be unknown', () => {
  const e = redirectError(302, 'GET /v1/segments', 'https://login.example.net/sso?next=/v1/segments', '', US);
  assert.match(e.message, /^Customer\.io redirected to login\.example\.net, which is not a Customer\.io App API host, so the data center of this key is unknown \(region is us\)/);
  assert.match(e.message, /us \(https:\/\/api\.customer\.io\) or eu \(https:\/\/api-eu\.customer\.io\)\./);
  assert.match(e.message, /\(HTTP 302, Location on login\.example\.net;/);
  assert.doesNotMatch(e.message, /sso|next=/);
});

test('no Location, a relative one, or one back to the same host: the cause is unknown', () => {
  assert.match(redirectError(307, 'GET /v1/x', undefined, '', US).message, /^Customer\.io redirected without a usable Location, so the data center of this key is unknown/);
  assert.match(redirectError(301, 'GET /v1/x', '/v1/x/', '', US).message, /redirected to api\.customer\.io, the host already in use, so the data center of this key is unknown/);
  assert.match(redirectError(301, 'GET /v1/x', 'http://[bad', '', US).message, /without a usable Location/);
});

test('the Location never leaks user:password@, its path or its query', () => {
  const secret = 'sk-live-0123456789';
  const e = redirectError(301, 'GET /v1/workspaces', `https://user:${secret}@api-eu.customer.io/v1/workspaces?token=${secret}#${secret}`, DETAIL, US);
  assert.ok(!e.message.includes(secret) && !(e.internalMessage ?? '').includes(secret));
  assert.match(e.message, /set region to eu/);
  assert.equal(locationHost(`https://u:${secret}@api.customer.io:8443/x`, US.baseUrl), 'api.customer.io:8443');
});

test('only the two App API hosts name a region', () => {
  assert.equal(regionOfHost('api.customer.io'), 'us');
  assert.equal(regionOfHost('api-eu.customer.io'), 'eu');
  assert.equal(regionOfHost('track-eu.customer.io'), undefined);
  assert.equal(regionOfHost(undefined), undefined);
});

test('a long detail from the server is cut short', () => {
  const e = redirectError(301, 'GET /v1/x', 'https://api-eu.customer.io/', 'x'.repeat(5000), US);
  assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
});
