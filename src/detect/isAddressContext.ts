import { BACKSLASH, COLON, DOT, EQUALS, GREATER, HYPHEN, LESS, SLASH } from './charCodes.js';
import { escapeAt } from './percentEscapes.js';

/** `[A-Za-z0-9_]`: a character that glues a candidate to a word. */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSpaceOrQuote(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39;
}

// The text before a `-` that makes the quad after it the end of an address range.
const RANGE_START = /(?:^|[^\w.])\d{1,3}(?:\.\d{1,3}){3}$/;

// PowerShell and Python version objects: `[version]'5.1.2.3'`, `[System.Version]::Parse("…")`, `Version('…')`
// (New-Object, packaging, LooseVersion), and ordering comparisons, which compare versions, not addresses
// (`$PSVersionTable.PSVersion -ge '5.1.0.0'`).
const VERSION_CODE =
  /(?:\[(?:system\.)?version\]\s*(?:::\s*(?:try)?parse\s*|::\s*new\s*)?\(?|version\s*\(|(?:^|\s)-[ci]?(?:lt|le|gt|ge)\s+)\s*\\?["']?$/i;

/**
 * True when a version-like word (`--version`, `-RequiredVersion`, `ver`, `build`, `Version=`) or version code stands
 * right before the quad: `choco install x --version 1.2.3.4` is a version, not an address.
 */
function followsVersionWord(line: string, start: number): boolean {
  let i = start - 1;
  const stop = Math.max(0, start - 4);
  while (i >= stop) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 34 || c === 39 || c === EQUALS || c === COLON) i--;
    else break;
  }
  if (i < start - 1) {
    let j = i;
    while (j >= 0 && isLetter(line.charCodeAt(j))) j--;
    const word = i - j >= 3 ? line.slice(j + 1, i + 1).toLowerCase() : '';
    if (word.endsWith('version') || word === 'ver' || word === 'build' || word === 'release') return true;
  }
  // Version code ends in `]`, `(` or a comparison operator (`-ge`, `-lt`) before the quotes: test only then.
  let k = start - 1;
  while (k > start - 6 && k > 0 && (isSpaceOrQuote(line.charCodeAt(k)) || line.charCodeAt(k) === BACKSLASH)) k--;
  const last = line.charCodeAt(k);
  if (last !== 93 /* ] */ && last !== 40 /* ( */ && (last | 32) !== 101 /* e */ && (last | 32) !== 116 /* t */) return false;
  return VERSION_CODE.test(line.slice(Math.max(0, start - 40), start));
}

// Path prefixes after which a single separator introduces a host: bash's `/dev/tcp/HOST/PORT` and `/dev/udp/…`
// (lowercase only, as bash matches them), and Windows long-path UNC prefixes `\\?\UNC\HOST\…`, `\\.\UNC\HOST\…` and the
// NT form `\??\UNC\HOST\…` (any case, as Windows compares them).
const DEV_NET_PREFIXES = ['/dev/tcp/', '/dev/udp/'];
const LONG_UNC_PREFIXES = ['\\\\?\\UNC\\', '\\\\.\\UNC\\', '\\??\\UNC\\'];

/** The length of the host prefix (`/dev/tcp/`, `\\?\UNC\`, …) that ends at `index`, or 0. */
export function hostPrefixEndingAt(line: string, index: number): number {
  // Every prefix ends in `p/` or `C\`: most path separators are rejected by one comparison.
  const last = line.charCodeAt(index - 2) | 32;
  if (last === 112 /* p */) {
    for (const prefix of DEV_NET_PREFIXES) if (index >= prefix.length && line.startsWith(prefix, index - prefix.length)) return prefix.length;
  } else if (last === 99 /* c */) {
    for (const prefix of LONG_UNC_PREFIXES) {
      if (index >= prefix.length && line.slice(index - prefix.length, index).toUpperCase() === prefix) return prefix.length;
    }
  }
  return 0;
}

// Defanged URL schemes (`hxxp://`, `hxxps[:]//`, `fxp://`): text written for people to read (threat-intel notes, IOC
// lists) so that nothing connects to it; an address in such a URL is not a hard-coded connection and is not reported.
const DEFANGED_SCHEME = /(?:h[x]{2}ps?|fxp)(?:\[:\]|:)\/\/$|\[:\]\/\/$/i;

/** True when the URL host starting at `hostStart` (or the `://` at `hostStart - 3`) follows a defanged scheme. */
export function isDefangedScheme(line: string, schemeEnd: number): boolean {
  const at = line.charCodeAt(schemeEnd) === COLON ? schemeEnd + 3 : schemeEnd;
  return DEFANGED_SCHEME.test(line.slice(Math.max(0, at - 10), at));
}

/** `-i203.0.113.5`, `/S45.9.148.3`: a one-letter switch that starts its own word, glued to its value. `-v1.2.3.4` is a version. */
function followsShortSwitch(line: string, start: number): boolean {
  if (start < 2) return false;
  const letter = line.charCodeAt(start - 1);
  const dash = line.charCodeAt(start - 2);
  if (!isLetter(letter) || (letter | 32) === 118 || (dash !== HYPHEN && dash !== SLASH)) return false;
  return start === 2 || isSpaceOrQuote(line.charCodeAt(start - 3));
}

/** The character before `index`, reading a `%XX` escape that ends there as the character it encodes; a space at the start. */
function charBefore(line: string, index: number): number {
  const escaped = escapeAt(line, index - 3);
  if (escaped >= 0) return escaped;
  return index > 0 ? line.charCodeAt(index - 1) : 32;
}

/**
 * Decide from the surroundings whether a dotted quad at [start, end) is an address or a look-alike:
 * `Agent_1.0.0.178` (glued to a word), `pkg-1.2.3.4.jar` (a file name), `==1.2.3.4` (a version pin),
 * `C:\App\1.2.3.4\x.exe` (a path component), `--version 1.2.3.4`, `2.5.29.37=` (a key, e.g. an OID).
 * A `%XX` escape next to the quad counts as the character it encodes (`%2045.9.148.3` follows a space; `1.2.3.4%35`
 * continues with a digit).
 */
export function isAddressContext(line: string, start: number, end: number, trailingDot: boolean): boolean {
  const escapedPrev = escapeAt(line, start - 3);
  const prevAt = escapedPrev >= 0 ? start - 3 : start - 1;
  const prev = charBefore(line, start);
  const beforePrev = charBefore(line, prevAt);
  if (prev === DOT) return false;
  if (isWordChar(prev) && !(escapedPrev < 0 && followsShortSwitch(line, start))) return false;
  // `pkg-1.2.3.4` is a version; `1.2.3.4-1.2.3.10` is an address range (netsh advfirewall remoteip=…).
  if (prev === HYPHEN && isWordChar(beforePrev) && !RANGE_START.test(line.slice(Math.max(0, start - 17), start - 1))) return false;
  if (prev === EQUALS && (beforePrev === EQUALS || beforePrev === LESS || beforePrev === GREATER || beforePrev === 126 || beforePrev === 33)) {
    return false;
  }
  // `urllib3<2.0.0.0`, `pkg>1.2.3.4`: a comparison glued to a package name is a version constraint.
  if ((prev === LESS || prev === GREATER) && isWordChar(beforePrev)) return false;
  // A single separator makes it a path component (a version folder); `\\` and `//` introduce a UNC or URL host, and so
  // do `/dev/tcp/` and the long-path UNC prefixes.
  if ((prev === BACKSLASH || prev === SLASH) && beforePrev !== prev && hostPrefixEndingAt(line, start) === 0) return false;
  if (prev === SLASH && beforePrev === SLASH && isDefangedScheme(line, start)) return false;
  const escapedNext = escapeAt(line, end);
  const afterEnd = escapedNext >= 0 ? escapedNext : end < line.length ? line.charCodeAt(end) : 32;
  if (isWordChar(afterEnd)) return false; // `1.2.3.4.jar` (after the trailing dot), `1.2.3.4x`
  if (escapedNext === DOT) return false; // `1.2.3.4%2e5`: the host goes on
  if (!trailingDot && afterEnd === HYPHEN && end + 1 < line.length && isLetter(line.charCodeAt(end + 1))) return false;
  // A quad used as a key (`2.5.29.37={text}…`, an OID assignment) is not an address; addresses are values.
  if (!trailingDot && afterEnd === EQUALS) return false;
  return !followsVersionWord(line, start);
}
