/*
 * Credentials inside URLs ("https://user:password@host/...") must not reach the warehouse. Only
 * the userinfo goes: every other character stays as the API sent it, so the URL is not
 * re-encoded or normalised the way `new URL()` would.
 */

/** Scheme (optional, for "//host" URLs) and "//", then the authority up to the path, query or fragment. */
const AUTHORITY = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)([^/?#]*)/;

/**
 * `text` without the userinfo of its URL. Text that does not start with a URL authority
 * (an email address, a phone number, free text) comes back unchanged.
 */
export function stripUserinfo(text: string): string {
  const match = AUTHORITY.exec(text);
  if (match === null) return text;
  const [whole, prefix = '', authority = ''] = match;
  // An unencoded "@" in a password is not valid, but seen: the host follows the last one.
  const at = authority.lastIndexOf('@');
  if (at === -1) return text;
  return prefix + authority.slice(at + 1) + text.slice(whole.length);
}

/** Whether `text` carries userinfo that stripUserinfo would remove. */
export function hasUserinfo(text: string): boolean {
  return stripUserinfo(text) !== text;
}
