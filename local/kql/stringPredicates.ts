/**
 * Kusto's term-based string operators. A term is a maximal run of alphanumeric characters; `has` is true when the
 * needle is a whole term (or, for needles with punctuation, a case-insensitive match whose ends fall on term
 * boundaries [inferred, undocumented]). An empty needle matches nothing [assumption].
 */

const NON_ASCII_ALNUM = /[\p{L}\p{N}]/u;

function isAlnum(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_ALNUM.test(text[index]!);
}

/** Where the match must sit on a term boundary. */
export type TermAnchor = 'both' | 'start' | 'end';

/** `has`/`hasprefix`/`hassuffix` (and `_cs` forms with `caseSensitive`). */
export function hasTerm(haystack: string, needle: string, caseSensitive: boolean, anchor: TermAnchor = 'both'): boolean {
  if (needle.length === 0) return false;
  const h = caseSensitive ? haystack : haystack.toLowerCase();
  const n = caseSensitive ? needle : needle.toLowerCase();
  return hasLowered(h, n, anchor);
}

/** `hasTerm` over already case-normalized text (lets has_any lower-case the haystack once). */
export function hasLowered(h: string, n: string, anchor: TermAnchor = 'both'): boolean {
  if (n.length === 0) return false;
  const checkStart = anchor !== 'end' && isAlnum(n, 0);
  const checkEnd = anchor !== 'start' && isAlnum(n, n.length - 1);
  let from = 0;
  for (;;) {
    const at = h.indexOf(n, from);
    if (at < 0) return false;
    const end = at + n.length;
    const startOk = !checkStart || at === 0 || !isAlnum(h, at - 1);
    const endOk = !checkEnd || end === h.length || !isAlnum(h, end);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

/** Case-insensitive (ASCII and simple Unicode) lowering used by the `~` operators. */
export function fold(text: string): string {
  return text.toLowerCase();
}
