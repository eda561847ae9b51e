/**
 * `%XX` escapes (RFC 3986 §2.1) around address candidates. A URL may percent-encode any character of its host, so the
 * characters next to a dotted number may be escapes that stand for digits or dots of the same host (`%34%35.9.148.3` is
 * 45.9.148.3, not 35.9.148.3).
 */

import { PERCENT } from './charCodes.js';

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** The character a `%XX` escape starting at `index` encodes, or -1 when no escape starts there. */
export function escapeAt(text: string, index: number): number {
  if (index < 0 || index + 2 >= text.length || text.charCodeAt(index) !== PERCENT) return -1;
  const high = hexValue(text.charCodeAt(index + 1));
  const low = hexValue(text.charCodeAt(index + 2));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

/**
 * Percent-decode every valid `%XX` escape as the WHATWG URL Standard's host parser does before it reads a host
 * (https://url.spec.whatwg.org/#concept-host-parser, step "percent-decode"); curl does the same since 7.80 (lib/urlapi.c,
 * curl/curl#7830). An invalid escape stays as written, and the `%` then makes the host invalid.
 */
export function percentDecode(text: string): string {
  if (text.indexOf('%') === -1) return text;
  let out = '';
  let from = 0;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    const c = escapeAt(text, i);
    if (c < 0) continue;
    out += text.slice(from, i) + String.fromCharCode(c);
    from = i + 3;
    i += 2;
  }
  return out + text.slice(from);
}
