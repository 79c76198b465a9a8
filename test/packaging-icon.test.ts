// icon.svg: small, well-formed, with a viewBox, and named by metadata.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { data, read, ROOT } from './helpers/packaging.js';


/**
 * Checks that `text` is well-formed XML with a single root element and returns the root's name
 * and attributes. Small on purpose: no DTDs or CDATA, which an icon has no use for.
 */
function xmlRoot(text: string): { name: string; attributes: Map<string, string>; names: string[] } {
  const body = text.replace(/^\uFEFF?(<\?xml[^?]*\?>)?/, '').replace(/<!--[\s\S]*?-->/g, '');
  assert.ok(!/<!|<\?/.test(body), 'no DTD, CDATA or processing instruction');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const stack: string[] = [];
  const names: string[] = [];
  let root: { name: string; attributes: Map<string, string> } | undefined;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt === -1 ? body.length : lt);
    assert.ok(stack.length > 0 || textPart.trim() === '', 'no text outside the root element');
    assert.ok(!/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(textPart), 'entities are well-formed');
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `malformed tag at ${body.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      assert.ok(!attrs && !selfClosing, `</${name}> carries nothing`);
      assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    } else {
      assert.ok(root === undefined || stack.length > 0, 'a single root element');
      const attributes = new Map<string, string>();
      for (const a of attrs.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        assert.ok(!attributes.has(a[1]!), `attribute ${a[1]} given twice`);
        attributes.set(a[1]!, a[2] ?? a[3] ?? '');
      }
      root ??= { name, attributes };
      names.push(name);
      if (!selfClosing) stack.push(name);
    }
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.ok(root, 'there is a root element');
  return { ...root, names };
}

test('icon.svg is a small well-formed SVG with a viewBox, and metadata.yaml names it', () => {
  const text = read('icon.svg');
  assert.ok(Buffer.byteLength(text) < 4096, 'a small file');
  const svg = xmlRoot(text);
  assert.equal(svg.name, 'svg');
  assert.equal(svg.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
  const box = (svg.attributes.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  assert.equal(box.length, 4, 'viewBox has four numbers');
  assert.ok(box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0, 'viewBox has a positive size');
  // A registry shows the icon inline: nothing that runs or loads from elsewhere.
  assert.ok(!svg.names.some((n) => ['script', 'foreignObject', 'image', 'use'].includes(n)), 'no scripts or external content');
  assert.ok(!/\bon[a-z]+\s*=|href\s*=/i.test(text), 'no event handlers or links');
  assert.equal(data['icon'], 'icon.svg');
  accessSync(path.join(ROOT, String(data['icon'])), constants.R_OK);
});

test('the icon check rejects what is not well-formed', () => {
  for (const bad of ['<svg viewBox="0 0 1 1"><g></svg>', '<svg/><svg/>', '<svg a="1" a="2"/>', 'text<svg/>', '<svg><rect x=1/></svg>', '<svg>&nbsp;</svg>']) {
    assert.throws(() => xmlRoot(bad), assert.AssertionError, bad);
  }
  assert.equal(xmlRoot('<?xml version="1.0"?>\n<!-- a mark -->\n<svg viewBox="0 0 2 2"><g><rect/></g></svg>\n').name, 'svg');
});
