// What real workspaces hold and tidy test data does not: names and subjects in any script
// (accents, CJK, right-to-left, emoji, combining marks, astral characters) and webhook URLs with
// credentials in them. Decided per record from the seed, so every seed shows some of each.
// Applied to the catalog before deliveries copy subjects and webhook URLs from it.
import { oneIn } from '../random.js';
import type { Dataset } from '../types.js';

const UNICODE_SUFFIXES = [
  'Bienvenue à bord',
  'Frühjahrsangebot für Bäcker',
  '夏のセール',
  '欢迎加入我们',
  'Привет, мир',
  'مرحبا بكم',
  '🎉 Launch day 🚀',
  'Cafe\u0301 cre\u0300me',
  '👩‍💻 Dev digest',
  '𝒮𝓅𝒶𝒸𝑒 news',
] as const;

/** The userinfo a URL may carry: user and password, a token alone, escaped characters. */
const USERINFO = ['hook-user:s3cr3t-Pa55', 'api-token-8f2a91', 'ops%40example.com:p%3Ass%2Fw0rd'] as const;

/** `text` with a Unicode phrase on one record in three. */
export function unicodeText(seed: number, label: string, key: string | number, text: string): string {
  if (!oneIn(3, seed, `unicode:${label}`, key)) return text;
  const n = typeof key === 'number' ? key : text.length;
  return `${text} · ${UNICODE_SUFFIXES[n % UNICODE_SUFFIXES.length] as string}`;
}

/** `url` with user:password@ (and a port, query and fragment to keep) on one record in two. */
export function urlWithCredentials(seed: number, label: string, key: number, url: string): string {
  if (!oneIn(2, seed, `userinfo:${label}`, key)) return url;
  const match = /^(https?:\/\/)([^/]+)(.*)$/.exec(url);
  if (!match) return url;
  const [, scheme, host, rest] = match;
  return `${scheme}${USERINFO[key % USERINFO.length] as string}@${host}:8443${rest}?source=cio&v=1#events`;
}

/** Gives the catalog of a freshly generated dataset its Unicode names and credentialed URLs. */
export function addVariety(d: Dataset): void {
  const seed = d.seed;
  for (const c of d.campaigns) c.name = unicodeText(seed, 'campaign', c.id, c.name);
  for (const b of d.broadcasts) b.name = unicodeText(seed, 'broadcast', b.id, b.name);
  for (const n of d.newsletters) n.name = unicodeText(seed, 'newsletter', n.id, n.name);
  for (const s of d.segments) s.name = unicodeText(seed, 'segment', s.id, s.name);
  for (const t of d.transactional) t.name = unicodeText(seed, 'transactional', t.id, t.name);
  for (const t of d.subscriptionTopics) t.name = unicodeText(seed, 'topic', t.id, t.name);
  for (const c of d.collections) c.name = unicodeText(seed, 'collection', c.id, c.name);
  for (const e of d.exports) e.description = unicodeText(seed, 'export', e.id, e.description);
  for (const w of d.reportingWebhooks) {
    w.name = unicodeText(seed, 'webhook', w.id, w.name);
    w.endpoint = urlWithCredentials(seed, 'webhook', w.id, w.endpoint);
  }
  for (const a of [...d.campaignActions, ...d.broadcastActions]) {
    a.name = unicodeText(seed, 'action', a.id, a.name);
    if (a.subject !== undefined) a.subject = unicodeText(seed, 'action subject', a.id, a.subject);
    if (a.url !== undefined) a.url = urlWithCredentials(seed, 'action', a.id, a.url);
  }
  for (const c of d.newsletterContents) {
    c.name = unicodeText(seed, 'content', c.id, c.name);
    c.subject = unicodeText(seed, 'content subject', c.id, c.subject);
  }
  for (const s of d.senderIdentities) {
    s.name = unicodeText(seed, 'sender', s.id, s.name);
    if (s.email !== null) s.address = `${s.name} <${s.email}>`;
  }
}
