// The benchmark's plumbing: request log -> templates, stdout counting, CPU profile summary, CPU report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CpuResult } from '../../scripts/bench/cpu.js';
import { summarise, type CpuProfile } from '../../scripts/bench/profile.js';
import { imageNodeFlags } from '../../scripts/bench/image-flags.js';
import { cpuReport } from '../../scripts/bench/report.js';
import { OutputSink } from '../../scripts/bench/sink.js';
import { countByTemplate, templateMapper } from '../../scripts/bench/templates.js';

describe('request log per template', () => {
  const templates = ['GET /v1/campaigns', 'GET /v1/campaigns/{id}/actions', 'GET /v1/campaigns/{id}/actions/{action_id}/metrics', 'POST /v1/customers/attributes', 'GET /v1/customers/{id}/messages'];
  test('ids in paths map to their template, by method', () => {
    const map = templateMapper(templates);
    assert.equal(map('GET', '/v1/campaigns/12/actions'), 'GET /v1/campaigns/{id}/actions');
    assert.equal(map('GET', '/v1/campaigns/12/actions/345/metrics'), 'GET /v1/campaigns/{id}/actions/{action_id}/metrics');
    assert.equal(map('POST', '/v1/customers/attributes'), 'POST /v1/customers/attributes');
    assert.equal(map('GET', '/v1/customers/a3f00e1/messages'), 'GET /v1/customers/{id}/messages');
  });
  test('an unknown path keeps its words and loses its ids', () => {
    assert.equal(templateMapper(templates)('GET', '/v1/segments/7/customer_count'), 'GET /v1/segments/{id}/customer_count');
  });
  test('429 answers are counted apart; other failures count as requests and as errors', () => {
    const counts = countByTemplate([
      { method: 'GET', path: '/v1/campaigns/1/actions', status: 200 },
      { method: 'GET', path: '/v1/campaigns/1/actions', status: 429 },
      { method: 'GET', path: '/v1/campaigns/2/actions', status: 500 },
      { method: 'GET', path: '/v1/campaigns', status: 200 },
      { method: 'GET', path: '/v1/other', status: 200 },
    ], templates);
    assert.deepEqual([...counts], [
      ['GET /v1/campaigns', { requests: 1, rateLimited: 0, errors: 0 }],
      ['GET /v1/campaigns/{id}/actions', { requests: 2, rateLimited: 1, errors: 1 }],
      ['GET /v1/other', { requests: 1, rateLimited: 0, errors: 0 }],
    ]);
  });
});

describe('stdout sink', () => {
  const text = [
    '{"type":"LOG","log":{"level":"INFO","message":"start"}}',
    '{"type":"RECORD","record":{"stream":"messages","data":{"id":"a"}}}',
    '{"type":"RECORD","record":{"stream":"messages","data":{"id":"b"}}}',
    '{"type":"STATE","state":{}}',
    '{"type":"RECORD","record":{"stream":"messages","data":{"id":"c"}}}',
  ].join('\n');
  test('counts records and keeps the other lines, however stdout is chunked', () => {
    const bytes = Buffer.from(text);
    for (const size of [1, 3, 7, 16, 17, 64, bytes.length]) {
      const sink = new OutputSink();
      for (let i = 0; i < bytes.length; i += size) sink.write(bytes.subarray(i, i + size));
      sink.end();
      assert.equal(sink.records, 3, `chunks of ${size}`);
      assert.deepEqual(sink.others, [text.split('\n')[0], text.split('\n')[3]], `chunks of ${size}`);
      assert.equal(sink.bytes, bytes.length);
    }
  });
});

describe('CPU profile summary', () => {
  const root = '/work/project';
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('write', pathToFileURL(`${root}/dist/protocol/output.js`).href, 28) },
      { id: 4, callFrame: frame('parse', 'node:internal/x') },
      { id: 5, callFrame: frame('', pathToFileURL(`${root}/node_modules/undici/lib/a.js`).href, 9) },
      { id: 6, callFrame: frame('read', pathToFileURL(`${root}/dist/protocol/output.js`).href, 40) },
    ],
    // Sample i lasts until sample i + 1; the last one until endTime.
    startTime: 0,
    timeDeltas: [0, 1000, 3000, 1000, 1000, 1000],
    samples: [2, 3, 3, 4, 5, 6],
    endTime: 9000,
  };
  test('self time by function and by file, idle left out of the percentages', () => {
    const s = summarise(profile, root, 3);
    assert.equal(s.idleMs, 1);
    assert.equal(s.busyMs, 8);
    assert.deepEqual(s.functions, [
      { name: 'write:29', file: 'dist/protocol/output.js', selfMs: 4, percent: 50 },
      { name: 'read:41', file: 'dist/protocol/output.js', selfMs: 2, percent: 25 },
      { name: 'parse:1', file: 'node:internal/x', selfMs: 1, percent: 12.5 },
    ]);
    assert.deepEqual(s.files[0], { file: 'dist/protocol/output.js', selfMs: 6, percent: 75 });
    assert.deepEqual(s.files.map((f) => f.file), ['dist/protocol/output.js', 'node:internal/x', 'node_modules/undici/lib/a.js']);
  });
});

describe('CPU report', () => {
  const base: CpuResult = {
    messages: 1000, records: 1000, seconds: 1, cpuMs: 12, microsPerRecord: 12, microsPerRecordNet: 10, startupCpuMs: 2, requestsPerSecond: 10,
    floorMicrosPerRecord: 7, wakingMicrosPerRecord: 3, peakRssMb: 100, exitCode: 0, node: 'v0',
  };
  const row = (text: string) => text.split('\n')[2]!.trim().split(/\s+/);
  test('"own" is net of startup less receiving, with the waking part of receiving beside it', () => {
    assert.deepEqual(row(cpuReport([base])), ['1,000', '1,000', '1.0', '0.01', '12.00', '10.00', '7.00', '3.00', '3.00', '100']);
  });
  test('the floor is described at the pace the read kept', () => {
    assert.match(cpuReport([{ ...base, requestsPerSecond: 4 }]), /at the same 4 requests a second/);
  });
  test('a floor not measured is printed as "-", not as zero', () => {
    assert.deepEqual(row(cpuReport([{ ...base, floorMicrosPerRecord: undefined, wakingMicrosPerRecord: undefined }])).slice(6, 9), ['-', '-', '-']);
  });
});

describe('the image flags the bench runs the connector with', () => {
  test('the options between node and the script of the ENTRYPOINT array', () => {
    assert.deepEqual(imageNodeFlags('FROM x\nENTRYPOINT ["node", "--max-semi-space-size=16", "/airbyte/dist/bin/main.js"]\n'), ['--max-semi-space-size=16']);
    assert.deepEqual(imageNodeFlags('ENTRYPOINT ["node", "/a.js"]'), []);
    assert.throws(() => imageNodeFlags('CMD ["node"]'), /no ENTRYPOINT/);
  });
  test("the project's own Dockerfile gives the flag that holds the young generation", async () => {
    assert.ok(imageNodeFlags().includes('--max-semi-space-size=16'));
  });
});
