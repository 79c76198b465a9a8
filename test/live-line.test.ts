import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveLine, type LineTarget } from '../scripts/live-line.js';

function target(isTTY: boolean, columns = 40): LineTarget & { text: string } {
  const t = { isTTY, columns, text: '', write: (s: string) => { t.text += s; return true; } };
  return t;
}

test('on a terminal: one line rewritten in place, cut to the width, throttled, then cleared', () => {
  const out = target(true, 20);
  let now = 0;
  const line = new LiveLine(out, () => now, 100);
  line.update('3 s  1/5 streams done');
  assert.equal(out.text, '\r3 s  1/5 streams d…\x1b[K');
  out.text = '';
  now = 50;
  line.update('skipped: too soon');
  assert.equal(out.text, '');
  line.update('forced', true);
  assert.equal(out.text, '\rforced\x1b[K');
  out.text = '';
  line.clear();
  assert.equal(out.text, '\r\x1b[K');
  out.text = '';
  line.clear();
  assert.equal(out.text, '', 'nothing left to clear');
});

test('not a terminal: nothing at all, so a file or pipe gets only the summary', () => {
  const out = target(false);
  const line = new LiveLine(out, () => 0, 0);
  assert.equal(line.live, false);
  line.update('3 s', true);
  line.clear();
  assert.equal(out.text, '');
});
