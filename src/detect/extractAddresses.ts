import type { AddressEncoding, AddressKind, FoundAddress } from '../findings/finding.js';
import { formatIPv4, formatIPv6, mappedIPv4, parseIPv4, parseIPv6 } from './addressText.js';
import { classifyIPv4, classifyIPv6 } from './classifyAddress.js';
import { findEncodedCommands } from './findEncodedCommands.js';
import { parseNumericHost } from './parseNumericHost.js';

export interface ExtractOptions {
  /** Decode PowerShell `-EncodedCommand` payloads and `FromBase64String('…')` literals and scan them too (default true). */
  readonly decodeEncodedCommands?: boolean;
}

// Candidate scans. Each is one native regex pass; most command lines have no digit-dot-digit, no URL or UNC host and
// no encoded command, so the common case costs a few failed native scans and indexOf calls and allocates nothing.
// The lookbehind keeps a long digit run from being retried at every offset (quadratic on 32 KB of digits).
const DOTTED = /(?<!\d)\d+(?:\.\d+)+\.?/g;
const IPV6 = /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%[0-9A-Za-z_.-]+)?/g;

// The text before a `-` that makes the quad after it the end of an address range.
const RANGE_START = /(?:^|[^\w.])\d{1,3}(?:\.\d{1,3}){3}$/;

const BACKSLASH = 92;
const SLASH = 47;
const DOT = 46;
const HYPHEN = 45;
const EQUALS = 61;
const COLON = 58;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// Characters that end a URL authority or a UNC host.
function endsHost(c: number): boolean {
  return (
    c <= 32 || c === SLASH || c === BACKSLASH || c === 63 /* ? */ || c === 35 /* # */ || c === 34 || c === 39 || c === 96 ||
    c === 60 || c === 62 || c === 44 || c === 59 || c === 124 || c === 38 || c === 94 || c === 40 || c === 41 ||
    c === 123 || c === 125 || c === 93
  );
}

/**
 * True when a version-like word (`--version`, `-RequiredVersion`, `ver`, `build`, `Version=`) stands right before the
 * quad: `choco install x --version 1.2.3.4` is a version, not an address.
 */
function followsVersionWord(line: string, start: number): boolean {
  let i = start - 1;
  const stop = Math.max(0, start - 4);
  while (i >= stop) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 34 || c === 39 || c === EQUALS || c === COLON) i--;
    else break;
  }
  if (i === start - 1) return false;
  let j = i;
  while (j >= 0 && isLetter(line.charCodeAt(j))) j--;
  if (i - j < 3) return false;
  const word = line.slice(j + 1, i + 1).toLowerCase();
  return word.endsWith('version') || word === 'ver' || word === 'build' || word === 'release';
}

/**
 * Decide from the surroundings whether a canonical dotted quad at [start, end) is an address or a look-alike:
 * `Agent_1.0.0.178` (glued to a word), `pkg-1.2.3.4.jar` (a file name), `==1.2.3.4` (a version pin),
 * `C:\App\1.2.3.4\x.exe` (a path component), `--version 1.2.3.4`, `2.5.29.37=` (a key, e.g. an OID).
 */
function isAddressContext(line: string, start: number, end: number, trailingDot: boolean): boolean {
  const prev = start > 0 ? line.charCodeAt(start - 1) : 32;
  const beforePrev = start > 1 ? line.charCodeAt(start - 2) : 32;
  if (isWordChar(prev) || prev === DOT) return false;
  // `pkg-1.2.3.4` is a version; `1.2.3.4-1.2.3.10` is an address range (netsh advfirewall remoteip=…).
  if (prev === HYPHEN && isWordChar(beforePrev) && !RANGE_START.test(line.slice(Math.max(0, start - 17), start - 1))) return false;
  if (prev === EQUALS && (beforePrev === EQUALS || beforePrev === 60 || beforePrev === 62 || beforePrev === 126 || beforePrev === 33)) {
    return false;
  }
  // A single separator makes it a path component (a version folder); `\\` and `//` introduce a UNC or URL host.
  if ((prev === BACKSLASH || prev === SLASH) && beforePrev !== prev) return false;
  const afterEnd = end < line.length ? line.charCodeAt(end) : 32;
  if (isWordChar(afterEnd)) return false; // `1.2.3.4.jar` (after the trailing dot), `1.2.3.4x`
  if (!trailingDot && afterEnd === HYPHEN && end + 1 < line.length && isLetter(line.charCodeAt(end + 1))) return false;
  // A quad used as a key (`2.5.29.37={text}…`, an OID assignment) is not an address; addresses are values.
  if (!trailingDot && afterEnd === EQUALS) return false;
  return !followsVersionWord(line, start);
}

function found(address: string, raw: string, offset: number, encoding: AddressEncoding, kind: AddressKind): FoundAddress {
  return { address, raw, offset, encoding, kind };
}

function scanIPv6(line: string, out: FoundAddress[], spans: number[]): void {
  IPV6.lastIndex = 0;
  for (let m = IPV6.exec(line); m !== null; m = IPV6.exec(line)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const prev = start > 0 ? line.charCodeAt(start - 1) : 32;
    const next = end < line.length ? line.charCodeAt(end) : 32;
    // A colon on either side means a longer colon-separated run (certificate thumbprints, MACs): not one address.
    if (isWordChar(prev) || prev === DOT || prev === COLON || isWordChar(next) || next === DOT || next === COLON) continue;
    // PowerShell static members: `[Convert]::FromBase64String`, `[Net.ServicePointManager]::Add(…)`.
    if (prev === 93 && raw.startsWith('::')) continue;
    const zone = raw.indexOf('%');
    const groups = parseIPv6(zone === -1 ? raw : raw.slice(0, zone));
    if (groups === undefined) continue;
    const v4 = mappedIPv4(groups);
    const address = v4 === undefined ? formatIPv6(groups) : formatIPv4(v4);
    out.push(found(address, raw, start, 'ipv6', classifyIPv6(groups)));
    spans.push(start, end);
  }
}

function insideSpan(spans: readonly number[], offset: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (offset >= spans[i]! && offset < spans[i + 1]!) return true;
  return false;
}

function scanDotted(line: string, out: FoundAddress[], spans: readonly number[]): void {
  DOTTED.lastIndex = 0;
  for (let m = DOTTED.exec(line); m !== null; m = DOTTED.exec(line)) {
    let raw = m[0];
    const trailingDot = raw.charCodeAt(raw.length - 1) === DOT;
    if (trailingDot) raw = raw.slice(0, -1);
    const value = parseIPv4(raw); // rejects 5+ parts (OIDs), octets over 255 and leading zeros (`1.3.00.217`)
    if (value === undefined) continue;
    const start = m.index;
    if (!isAddressContext(line, start, start + m[0].length, trailingDot)) continue;
    if (spans.length > 0 && insideSpan(spans, start)) continue; // the IPv4 tail of `::ffff:1.2.3.4`
    out.push(found(raw, raw, start, 'dotted', classifyIPv4(value)));
  }
}

/**
 * URL hosts (`scheme://[user@]host[:port]`) and UNC hosts (`\\host\`) written as non-canonical numbers, and IPv6 UNC
 * hosts in Windows' `ipv6-literal.net` form.
 */
function scanNumericHosts(line: string, out: FoundAddress[]): void {
  for (let p = line.indexOf('://'); p !== -1; p = line.indexOf('://', p + 3)) {
    let hostStart = p + 3;
    let end = hostStart;
    while (end < line.length && !endsHost(line.charCodeAt(end))) {
      if (line.charCodeAt(end) === 64 /* @ */) hostStart = end + 1;
      end++;
    }
    const colon = line.indexOf(':', hostStart);
    emitNumericHost(line, hostStart, colon !== -1 && colon < end ? colon : end, out);
  }
  for (let p = line.indexOf('\\\\'); p !== -1; p = line.indexOf('\\\\', p + 2)) {
    const hostStart = p + 2;
    let end = hostStart;
    while (end < line.length && !endsHost(line.charCodeAt(end)) && line.charCodeAt(end) !== 64 && line.charCodeAt(end) !== COLON) end++;
    emitNumericHost(line, hostStart, end, out);
  }
}

// Windows writes IPv6 UNC hosts as `2001-db8--1.ipv6-literal.net` (`-` for `:`, `s` before a zone id).
const IPV6_LITERAL_NET = /^([0-9a-f-]{2,39})(?:s[0-9a-z]+)?\.ipv6-literal\.net$/i;

function emitNumericHost(line: string, start: number, end: number, out: FoundAddress[]): void {
  if (end <= start || end - start > 80) return;
  if (end - start > 17 && (line.charCodeAt(end - 1) | 32) === 116 /* t */) {
    const literal = IPV6_LITERAL_NET.exec(line.slice(start, end));
    const groups = literal ? parseIPv6(literal[1]!.replace(/-/g, ':')) : undefined;
    if (groups !== undefined) {
      const v4 = mappedIPv4(groups);
      out.push(found(v4 === undefined ? formatIPv6(groups) : formatIPv4(v4), line.slice(start, end), start, 'ipv6', classifyIPv6(groups)));
      return;
    }
  }
  if (end - start > 40) return;
  const first = line.charCodeAt(start);
  if (first < 48 || first > 57) return; // numeric hosts start with a digit
  const raw = line.slice(start, end);
  const host = parseNumericHost(raw);
  if (host === undefined || host.canonical) return; // canonical quads are found by the dotted scan
  out.push(found(formatIPv4(host.value), raw, start, host.encoding, classifyIPv4(host.value)));
}

function byOffset(a: FoundAddress, b: FoundAddress): number {
  return a.offset - b.offset;
}

/** Addresses written in plain text (no decoding), unsorted. */
function scanText(text: string): FoundAddress[] {
  const out: FoundAddress[] = [];
  const spans: number[] = [];
  if (text.indexOf(':') !== -1) scanIPv6(text, out, spans);
  scanDotted(text, out, spans);
  if (text.indexOf('://') !== -1 || text.indexOf('\\\\') !== -1) scanNumericHosts(text, out);
  return out;
}

// An encoded command may hold a FromBase64String literal that holds the URL; three levels cover real launchers.
const MAX_DECODE_DEPTH = 3;

function scanEncoded(text: string, out: FoundAddress[], depth: number, outerOffset: number | undefined): void {
  for (const payload of findEncodedCommands(text)) {
    // Offsets point into the command line: nested payloads report the outermost payload's offset.
    const offset = outerOffset ?? payload.offset;
    for (const inner of scanText(payload.text)) out.push(found(inner.address, inner.raw, offset, 'encoded-command', inner.kind));
    if (depth + 1 < MAX_DECODE_DEPTH) scanEncoded(payload.text, out, depth + 1, offset);
  }
}

/**
 * Every IP address literal in a command line, in order of offset, each normalized and classified (external and
 * non-external alike). Finds dotted quads anywhere, IPv6 in every standard form (bracketed, with zone ids, IPv4-mapped),
 * decimal/hex/octal/short IPv4 forms in URL and UNC host position, and addresses inside PowerShell `-EncodedCommand`
 * payloads and `FromBase64String('…')` literals (reported with the payload's offset and encoding `encoded-command`).
 * Version strings, OIDs and other look-alikes are skipped (see isAddressContext). Pure; never throws.
 */
export function extractAddresses(commandLine: string, options?: ExtractOptions): FoundAddress[] {
  if (typeof commandLine !== 'string' || commandLine.length === 0) return [];
  const out = scanText(commandLine);
  if (options?.decodeEncodedCommands !== false) scanEncoded(commandLine, out, 0, undefined);
  // Array.prototype.sort is stable, so addresses inside one payload keep their order.
  if (out.length > 1) out.sort(byOffset);
  return out;
}
