// Bad files and arguments: each ends in one config_error TRACE, a non-zero exit, no stack trace.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runConnector, tempDir, traceErrors, writeJson } from '../test/helpers/connector.js';

describe('bad input: a clear TRACE error, a non-zero exit, no stack trace', () => {
  let dir: string;
  let catalog: string;
  before(() => {
    dir = tempDir();
    catalog = writeJson(dir, 'catalog.json', { streams: [{ stream: { name: 'campaigns', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] });
  });

  const cases: Array<[string, () => string[], RegExp]> = [
    ['a missing config file', () => ['read', '--config', path.join(dir, 'nope.json'), '--catalog', catalog], /Cannot read the config file/],
    ['an unreadable config (a directory)', () => ['read', '--config', dir, '--catalog', catalog], /Cannot read the config file/],
    ['a config that is not JSON', () => ['read', '--config', writeJson(dir, 'x.json', '{app_api_key:'), '--catalog', catalog], /not valid JSON/],
    ['a config without the key', () => ['discover', '--config', writeJson(dir, 'a.json', {})], /app_api_key/],
    ['a bad region', () => ['read', '--config', writeJson(dir, 'b.json', { app_api_key: 'k', region: 'apac' }), '--catalog', catalog], /region/],
    ['plain http to a remote host', () => ['read', '--config', writeJson(dir, 'c.json', { app_api_key: 'k', base_url: 'http://example.com' }), '--catalog', catalog], /https/],
    ['a catalog naming an unknown stream', () => ['read', '--config', writeJson(dir, 'd.json', { app_api_key: 'k' }), '--catalog', writeJson(dir, 'u.json', { streams: [{ stream: { name: '__AIRBYTE__stream_that_does_not_exist' }, sync_mode: 'INVALID', destination_sync_mode: 'INVALID' }] })], /does not have|sync_mode/],
    ['a malformed state file', () => ['read', '--config', writeJson(dir, 'e.json', { app_api_key: 'k' }), '--catalog', catalog, '--state', writeJson(dir, 's.json', [{ type: 'NOPE' }])], /state file is malformed/],
    ['a missing required option', () => ['read', '--config', writeJson(dir, 'f.json', { app_api_key: 'k' })], /--catalog/],
  ];
  for (const [what, args, pattern] of cases) {
    test(what, async () => {
      const run = await runConnector(args());
      assert.notEqual(run.code, 0);
      const errors = traceErrors(run.messages);
      assert.equal(errors.length, 1, run.stdout);
      assert.equal(errors[0]?.['failure_type'], 'config_error');
      assert.match(String(errors[0]?.['message']), pattern);
      assert.ok(!run.stdout.includes('    at '), 'stack trace on stdout');
    });
  }
});
