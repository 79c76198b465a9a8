import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STREAMS } from '../src/streams/definitions.js';
import { ROOT } from './helpers/connector.js';

test('the docs page lists every stream with its primary key and cursor', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'customer-io.md'), 'utf8');
  for (const s of STREAMS) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${s.name}\` |`));
    assert.ok(row, `${s.name} missing from docs/customer-io.md`);
    for (const k of s.primaryKey) assert.ok(row.includes(`\`${k.join('.')}\``), `${s.name}: key ${k} not in its row`);
    if (s.cursor) assert.ok(row.includes(`\`${s.cursor.field}\` (full refresh, incremental)`), `${s.name}: cursor not in its row`);
  }
  assert.equal(doc.split('\n').filter((l) => /^\| `[a-z_]+` \| `(GET|POST) /.test(l)).length, STREAMS.length);
});

test('the README quickstart is the two commands CI and a new user run', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /npm test/);
  const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /npm ci/);
  assert.match(ci, /npm test/);
});
