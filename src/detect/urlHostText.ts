import { escapeAt, percentDecode } from './percentEscapes.js';

// The full stops UTS #46 maps to U+002E that NFKC leaves alone (IDNA mapping table: U+3002 IDEOGRAPHIC FULL STOP, and
// U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP, which NFKC turns into U+3002).
const IDEOGRAPHIC_FULL_STOPS = /[\u3002\uFF61]/g;

/** `%XX` escapes as bytes and every other character as its UTF-8, decoded as UTF-8 (U+FFFD for a bad sequence). */
function percentDecodeUtf8(text: string): string {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    const byte = escapeAt(text, i);
    if (byte < 0) continue;
    // An escape starts with an ASCII '%', so no slice here splits a surrogate pair.
    parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.of(byte));
    from = i + 3;
    i += 2;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A URL host as the WHATWG host parser has it when it tries the IPv4 parser (https://url.spec.whatwg.org/#concept-host-parser):
 * percent-decoded as UTF-8, then, when not ASCII, mapped by "domain to ASCII" (UTS #46). Only the mapping of digits and
 * full stops matters for a numeric host: NFKC gives it for fullwidth digits and U+FF0E FULLWIDTH FULL STOP, and the
 * ideographic full stops are mapped explicitly. So `http://１９２．０．２．１/` is 192.0.2.1, as Node's URL (and browsers)
 * read it. Any other non-ASCII character stays and makes the host non-numeric.
 */
export function urlHostText(raw: string): string {
  const decoded = percentDecode(raw);
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(decoded)) return decoded;
  return percentDecodeUtf8(raw).normalize('NFKC').replace(IDEOGRAPHIC_FULL_STOPS, '.');
}
