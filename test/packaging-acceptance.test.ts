// acceptance-test-config.yml: strictness, suites, and what lets it pass against a real workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../src/config.js';
import { STREAMS_BY_NAME } from '../src/streams/definitions.js';
import { cat, read, ROOT } from './helpers/packaging.js';

test('acceptance-test-config.yml: high strictness, the six core suites, no unknown keys', () => {
  const allowedTop = ['connector_image', 'acceptance_tests', 'base_path', 'test_strictness_level', 'custom_environment_variables'];
  for (const key of Object.keys(cat)) assert.ok(allowedTop.includes(key), `${key} is a key of the CAT config model`);
  assert.equal(cat['test_strictness_level'], 'high');
  const suites = cat['acceptance_tests'] as Record<string, { tests?: Array<Record<string, unknown>>; bypass_reason?: string }>;
  for (const suite of ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental']) {
    const s = suites[suite];
    assert.ok(s, `${suite} is declared`);
    assert.ok((s.tests !== undefined) !== (s.bypass_reason !== undefined), `${suite} has tests or a bypass_reason, not both`);
  }
  const first = (suite: string): Record<string, unknown> => suites[suite]!.tests![0]!;
  assert.equal(first('spec')['spec_path'], 'integration_tests/spec.json');
  const statuses = suites['connection']!.tests!.map((t) => [t['config_path'], t['status']]);
  assert.deepEqual(statuses, [['secrets/config.json', 'succeed'], ['integration_tests/invalid_config.json', 'failed']]);
  const basic = first('basic_read');
  assert.equal(basic['configured_catalog_path'], undefined, 'high strictness reads the discovered catalog');
  assert.notEqual(basic['validate_schema'], false, 'high strictness validates records against their schemas');
  assert.notEqual(basic['fail_on_extra_columns'], false, 'records carry only the fields their schema declares');
  assert.equal(first('full_refresh')['configured_catalog_path'], 'integration_tests/acceptance_catalog.json');
  const inc = first('incremental');
  assert.equal(inc['configured_catalog_path'], 'integration_tests/acceptance_catalog_incremental.json');
  assert.equal((inc['future_state'] as { future_state_path?: string }).future_state_path, 'integration_tests/abnormal_state.json');
  // Every suite that reads the workspace runs past CAT's defaults (600 s and 1200 s).
  for (const suite of ['basic_read', 'full_refresh', 'incremental']) {
    assert.ok(Number(first(suite)['timeout_seconds']) >= 1800, `${suite} sets a timeout sized to a real workspace`);
  }
  for (const suite of Object.values(suites)) {
    for (const t of suite.tests ?? []) {
      for (const key of ['config_path', 'spec_path', 'configured_catalog_path']) {
        const file = t[key];
        if (typeof file === 'string' && !file.startsWith('secrets/')) accessSync(path.join(ROOT, file), constants.R_OK);
      }
    }
  }
  assert.ok(!read('acceptance-test-config.yml').includes('cached_discovered_catalog'));
});

test('acceptance-test-config.yml can pass against a real workspace: no fixture records, reasons for every bypass', () => {
  const suites = cat['acceptance_tests'] as Record<string, { tests?: Array<Record<string, unknown>> }>;
  for (const t of suites['basic_read']!.tests!) {
    // expected_records.jsonl describes the fake workspace; CAT forbids a path and a reason together.
    const expect = t['expect_records'] as { path?: string; bypass_reason?: string } | undefined;
    assert.ok(expect, 'high strictness declares expect_records');
    assert.equal(expect.path, undefined, 'no fixture-bound expected records');
    assert.ok(typeof expect.bypass_reason === 'string' && expect.bypass_reason.trim().length > 20, 'the bypass says why');
    const empty = (t['empty_streams'] as Array<{ name?: string; bypass_reason?: string }> | undefined) ?? [];
    assert.ok(empty.length > 0, 'the streams often empty in a workspace are declared');
    assert.equal(new Set(empty.map((e) => e.name)).size, empty.length, 'no stream declared twice');
    for (const e of empty) {
      assert.ok(STREAMS_BY_NAME.has(String(e.name)), `${String(e.name)} is a stream of the connector`);
      assert.ok(typeof e.bypass_reason === 'string' && e.bypass_reason.trim() !== '', `${String(e.name)} has a bypass_reason`);
    }
  }
  for (const t of suites['incremental']!.tests!) {
    const future = t['future_state'] as { missing_streams?: Array<{ bypass_reason?: string }> };
    for (const m of future.missing_streams ?? []) assert.ok(m.bypass_reason, 'a missing future state has a reason');
  }
  // The invalid config must fail on its key at the real API, not on reaching a local address.
  const invalid = JSON.parse(read('integration_tests/invalid_config.json')) as Record<string, unknown>;
  const sample = JSON.parse(read('integration_tests/sample_config.json')) as Record<string, unknown>;
  assert.equal(invalid['base_url'], undefined, 'no base_url: CAT reaches the real API');
  assert.ok(['us', 'eu'].includes(String(invalid['region'])), 'a region');
  assert.notEqual(invalid['app_api_key'], sample['app_api_key']);
  assert.doesNotThrow(() => parseConfig(invalid), 'the invalid config is well-formed: only its key is wrong');
});
