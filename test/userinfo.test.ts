import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasUserinfo, stripUserinfo } from '../src/userinfo.js';

test('user and password go, the rest of the URL stays exactly as sent', () => {
  const cases: Array<[string, string]> = [
    ['https://user:pass@example.com/webhook', 'https://example.com/webhook'],
    ['https://token@hooks.example.com', 'https://hooks.example.com'],
    ['http://u:p@127.0.0.1:8443/a/b?x=1&y=%20#frag', 'http://127.0.0.1:8443/a/b?x=1&y=%20#frag'],
    // No re-encoding, no case folding, no trailing slash added.
    ['HTTPS://Us%40er:p%3Ass@Example.COM:443/Path%2fX?q=ü', 'HTTPS://Example.COM:443/Path%2fX?q=ü'],
    ['https://user:@example.com/', 'https://example.com/'],
    ['https://:secret@example.com/', 'https://example.com/'],
    // An unencoded "@" in the password: the host is after the last one.
    ['https://user:p@ss@example.com/x', 'https://example.com/x'],
    ['//user:pass@example.com/x', '//example.com/x'],
    ['ftp://anonymous:me@files.example.com/pub', 'ftp://files.example.com/pub'],
    ['https://user:pass@[::1]:8080/x', 'https://[::1]:8080/x'],
  ];
  for (const [input, expected] of cases) {
    assert.equal(stripUserinfo(input), expected, input);
    assert.equal(hasUserinfo(input), true, input);
  }
});

test('text without userinfo comes back unchanged', () => {
  const same = [
    'https://example.com/webhook',
    'https://example.com/path/with@sign?email=a@b.com#x@y',
    'https://example.com?next=https://u:p@other.example/',
    'person@example.com',
    'mailto:person@example.com',
    '+15550001234',
    '#growth',
    '',
    'not a url: https://u:p@example.com',
  ];
  for (const text of same) {
    assert.equal(stripUserinfo(text), text, text);
    assert.equal(hasUserinfo(text), false, text);
  }
});
