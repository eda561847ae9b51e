import { percentDecode } from './percentEscapes.js';

// The full stops UTS #46 maps to U+002E that NFKC leaves alone (IDNA mapping table: U+3002 IDEOGRAPHIC FULL STOP, and
// U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP, which NFKC turns into U+3002).
const IDEOGRAPHIC_FULL_STOPS = /[\u3002\uFF61]/g;

/** `%XX` escapes as bytes and every other character as its UTF-8, decoded as UTF-8 (U+FFFD for a bad sequence). */
function percentDecodeUtf8(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const escaped = /^%[0-9A-Fa-f]{2}/.test(text.slice(i, i + 3));
    if (escaped) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const codePoint = text.codePointAt(i)!;
      if (codePoint > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
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
