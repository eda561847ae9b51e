import type { AddressEncoding, AddressKind, FoundAddress } from '../findings/finding.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './addressText.js';
import { BACKSLASH, COLON, DOT, PERCENT, SLASH } from './charCodes.js';
import { classifyIPv4, classifyIPv6, ipv4HostOf } from './classifyAddress.js';
import { findEncodedCommands, type EncodedCommand } from './findEncodedCommands.js';
import { hostPrefixEndingAt, isAddressContext, isDefangedScheme, isWordChar } from './isAddressContext.js';
import { parseNumericHost, parsePaddedQuad } from './parseNumericHost.js';
import { escapeAt } from './percentEscapes.js';
import { scanToolHosts } from './scanToolHosts.js';
import { urlHostText } from './urlHostText.js';

export interface ExtractOptions {
  /** Decode PowerShell `-EncodedCommand` payloads and `FromBase64String('…')` literals and scan them too (default true). */
  readonly decodeEncodedCommands?: boolean;
}

// Candidate scans. Each is one native regex pass; most command lines have no digit-dot-digit, no URL or UNC host and
// no encoded command, so the common case costs a few failed native scans and indexOf calls and allocates nothing.
// The lookbehind keeps a long digit run from being retried at every offset (quadratic on 32 KB of digits).
const DOTTED = /(?<!\d)\d+(?:\.\d+)+\.?/g;
const IPV6 = /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%[0-9A-Za-z_.-]+)?/g;

// Characters that end a URL authority or a UNC host.
function endsHost(c: number): boolean {
  return (
    c <= 32 || c === SLASH || c === BACKSLASH || c === 63 /* ? */ || c === 35 /* # */ || c === 34 || c === 39 || c === 96 ||
    c === 60 || c === 62 || c === 44 || c === 59 || c === 124 || c === 38 || c === 94 || c === 40 || c === 41 ||
    c === 123 || c === 125 || c === 93
  );
}

function found(address: string, raw: string, offset: number, encoding: AddressEncoding, kind: AddressKind): FoundAddress {
  return { address, raw, offset, encoding, kind };
}

/** The normalized text of an IPv6 address as reported: the IPv4 host it stands for (mapped, NAT64), else RFC 5952 text. */
function formatIPv6Host(groups: readonly number[]): string {
  const v4 = ipv4HostOf(groups);
  return v4 === undefined ? formatIPv6(groups) : formatIPv4(v4);
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * Whether the line has two colons with at most four hex digits between them, which every IPV6 match contains. Most
 * lines with a colon have only a drive letter's or a scheme's, and IPV6 (whose first group may be empty) would
 * otherwise be tried at every offset of them.
 */
function hasColonPair(line: string): boolean {
  for (let colon = line.indexOf(':'); colon !== -1; colon = line.indexOf(':', colon + 1)) {
    let i = colon + 1;
    while (i < line.length && i <= colon + 4 && isHexCode(line.charCodeAt(i))) i++;
    if (i < line.length && line.charCodeAt(i) === COLON) return true;
  }
  return false;
}

function scanIPv6(line: string, out: FoundAddress[], spans: number[]): void {
  if (!hasColonPair(line)) return;
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
    // `%2a01:4f8::1` is `*01:4f8::1`: the first digits belong to an escape, the text is not this address.
    if (prev === PERCENT && escapeAt(line, start - 1) >= 0) continue;
    const zone = raw.indexOf('%');
    const groups = parseIPv6(zone === -1 ? raw : raw.slice(0, zone));
    if (groups === undefined) continue;
    out.push(found(formatIPv6Host(groups), raw, start, 'ipv6', classifyIPv6(groups)));
    spans.push(start, end);
  }
}

function insideSpan(spans: readonly number[], offset: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (offset >= spans[i]! && offset < spans[i + 1]!) return true;
  return false;
}

/** Dotted quads anywhere, appended to `out` in ascending offset order. */
function scanDotted(line: string, out: FoundAddress[], spans: readonly number[]): void {
  DOTTED.lastIndex = 0;
  for (let m = DOTTED.exec(line); m !== null; m = DOTTED.exec(line)) {
    let raw = m[0];
    let start = m.index;
    const end = start + raw.length;
    const trailingDot = raw.charCodeAt(raw.length - 1) === DOT;
    if (trailingDot) raw = raw.slice(0, -1);
    // A run that starts inside a `%XX` escape: in `%34%35.9.148.3` the digits 35 encode `5`, so the text is 45.9.148.3
    // (the URL host scan reads it), never 35.9.148.3. An escape that encodes a separator (`%20`) is skipped.
    if (start > 0 && line.charCodeAt(start - 1) === PERCENT) {
      const escaped = escapeAt(line, start - 1);
      if (escaped >= 0) {
        if (isWordChar(escaped) || escaped === DOT) continue;
        raw = raw.slice(2);
        start += 2;
      }
    }
    // Canonical quads, and zero-padded quads read as the resolver reads them (octal; see parsePaddedQuad). Rejected:
    // 5+ parts (OIDs), octets over 255, and version-style padding (`1.3.00.217`).
    let value = parseIPv4(raw);
    let encoding: AddressEncoding = 'dotted';
    if (value === undefined) {
      value = parsePaddedQuad(raw);
      encoding = 'octal';
    }
    if (value === undefined) continue;
    if (!isAddressContext(line, start, end, trailingDot)) continue;
    if (spans.length > 0 && insideSpan(spans, start)) continue; // the IPv4 tail of `::ffff:1.2.3.4`
    out.push(found(encoding === 'dotted' ? raw : formatIPv4(value), raw, start, encoding, classifyIPv4(value)));
  }
}

// Binary search: a line may hold thousands of hosts.
// The dotted scan's results are out[from, to), ascending by offset.
function dottedFoundAt(out: readonly FoundAddress[], from: number, to: number, offset: number): boolean {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = out[mid]!.offset;
    if (at === offset) return true;
    if (at < offset) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

// Where a UNC-style host ends: also at `@` (WebDAV `\\host@SSL@443\`) and `:`.
function uncHostEnd(line: string, start: number): number {
  let end = start;
  while (end < line.length && !endsHost(line.charCodeAt(end)) && line.charCodeAt(end) !== 64 && line.charCodeAt(end) !== COLON) end++;
  return end;
}

const HOST_MARKER = /:\/\/|\\\\|\\\?\?\\|\/dev\//;

/**
 * Hosts written as non-canonical numbers (hex, octal, decimal, short forms, percent-encoded URL hosts) in host
 * position: URL hosts (`scheme://[user@]host[:port]`), UNC hosts (`\\host\`, `\\?\UNC\host\`, `\\.\UNC\host\`,
 * `\??\UNC\host\`) and bash's `/dev/tcp/host/port` and `/dev/udp/…`; and IPv6 UNC hosts in Windows' `ipv6-literal.net`
 * form. Each host is scanned once from its start to its first terminator, so the scan stays linear in the line.
 */
function scanHosts(line: string, out: FoundAddress[], dottedFrom: number, dottedTo: number): void {
  if (!HOST_MARKER.test(line)) return; // one native scan for the common line without a host marker
  for (let p = line.indexOf('://'); p !== -1; p = line.indexOf('://', p + 3)) {
    if (isDefangedScheme(line, p)) continue;
    let hostStart = p + 3;
    let end = hostStart;
    while (end < line.length && !endsHost(line.charCodeAt(end))) {
      if (line.charCodeAt(end) === 64 /* @ */) hostStart = end + 1;
      end++;
    }
    const colon = line.indexOf(':', hostStart);
    emitHost(line, hostStart, colon !== -1 && colon < end ? colon : end, true, out, dottedFrom, dottedTo);
  }
  for (let p = line.indexOf('\\\\'); p !== -1; p = line.indexOf('\\\\', p + 2)) {
    const hostStart = hostPrefixEndingAt(line, p + 8) === 8 ? p + 8 : p + 2;
    emitHost(line, hostStart, uncHostEnd(line, hostStart), false, out, dottedFrom, dottedTo);
  }
  // Host prefixes that do not start with `\\`: the NT form of a UNC path and bash's network redirections.
  scanPrefixedHosts(line, '\\??\\', 8, out, dottedFrom, dottedTo);
  scanPrefixedHosts(line, '/dev/', 9, out, dottedFrom, dottedTo);
}

function scanPrefixedHosts(line: string, marker: string, length: number, out: FoundAddress[], dottedFrom: number, dottedTo: number): void {
  for (let p = line.indexOf(marker); p !== -1; p = line.indexOf(marker, p + 1)) {
    if (hostPrefixEndingAt(line, p + length) !== length) continue;
    emitHost(line, p + length, uncHostEnd(line, p + length), false, out, dottedFrom, dottedTo);
  }
}

// Windows writes IPv6 UNC hosts as `2001-db8--1.ipv6-literal.net` (`-` for `:`, `s` before a zone id).
const IPV6_LITERAL_NET = /^([0-9a-f-]{2,39})(?:s[0-9a-z]+)?\.ipv6-literal\.net$/i;

function emitHost(
  line: string,
  start: number,
  end: number,
  /** A URL host: percent-encoded and UTS #46-mapped text is read as the WHATWG host parser reads it (urlHostText). */
  percentEncoded: boolean,
  out: FoundAddress[],
  dottedFrom: number, dottedTo: number,
): void {
  if (end <= start) return;
  if (end - start > 17 && end - start <= 80 && (line.charCodeAt(end - 1) | 32) === 116 /* t */) {
    const literal = IPV6_LITERAL_NET.exec(line.slice(start, end));
    const groups = literal ? parseIPv6(literal[1]!.replace(/-/g, ':')) : undefined;
    if (groups !== undefined) {
      out.push(found(formatIPv6Host(groups), line.slice(start, end), start, 'ipv6', classifyIPv6(groups)));
      return;
    }
  }
  const first = line.charCodeAt(start);
  // Numeric hosts start with a digit; URL hosts may percent-encode it or write it in another script (fullwidth).
  if (!(first >= 48 && first <= 57) && !(percentEncoded && (first === PERCENT || first > 127))) return;
  // A quad the dotted scan reported at the same offset is not reported twice (asked first: most URL and UNC hosts are
  // such quads, and this saves decoding and parsing them again).
  if (dottedFoundAt(out, dottedFrom, dottedTo, start)) return;
  const raw = line.slice(start, end);
  const host = parseNumericHost(percentEncoded ? urlHostText(raw) : raw);
  if (host === undefined) return;
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
  const from = out.length;
  scanDotted(text, out, spans);
  scanHosts(text, out, from, out.length);
  scanToolHosts(text, out, (offset) => spans.length > 0 && insideSpan(spans, offset));
  return out;
}

/** Maps a span of a decoded text to the span of the command line that encodes it. */
type ToCommandLine = (start: number, end: number) => readonly [number, number];

const IDENTITY: ToCommandLine = (start, end) => [start, end];

/**
 * The base64 characters of `payload` that encode exactly the characters [start, end) of its decoded text: character k
 * of base64 carries bits [6k, 6k + 6) of the bytes, so the characters wholly inside the span's bits are the same in any
 * payload that holds the same text at the same offset modulo 3 bytes (what Sigma's `base64offset` modifier enumerates).
 */
function encodingSpan(payload: EncodedCommand, start: number, end: number): readonly [number, number] {
  const bits = 8 * payload.bytesPerChar;
  return [payload.offset + Math.ceil((start * bits) / 6), payload.offset + Math.floor((end * bits) / 6)];
}

// Encoded commands nest (an encoded launcher that runs another, a FromBase64String literal inside a decoded script),
// and decoding goes on until nothing is left to decode; no depth limit is needed. Each payload is a disjoint substring
// of its text and decodes to at most 3/8 (UTF-16LE) or 3/4 (ASCII literal) of its length, so the texts of one level
// add up to less than the level above: the total decoded is under 4 times the command line and the depth under
// log4/3 of its length (about 36 for 32 KB).
function scanEncoded(commandLine: string, text: string, out: FoundAddress[], toCommandLine: ToCommandLine, outerOffset: number | undefined): void {
  for (const payload of findEncodedCommands(text)) {
    // Offsets point into the command line: nested payloads report the outermost payload's offset.
    const offset = outerOffset ?? payload.offset;
    const toOuter: ToCommandLine = (start, end) => {
      const [from, to] = encodingSpan(payload, start, end);
      return toCommandLine(from, to);
    };
    for (const inner of scanText(payload.text)) {
      const [from, to] = toOuter(inner.offset, inner.offset + inner.raw.length);
      out.push({ ...found(inner.address, inner.raw, offset, 'encoded-command', inner.kind), encodedText: commandLine.slice(from, to) });
    }
    scanEncoded(commandLine, payload.text, out, toOuter, offset);
  }
}

/**
 * Every IP address literal in a command line, in order of offset, each normalized and classified (external and
 * non-external alike). Finds dotted quads anywhere (zero-padded parts read as octal, as the resolver does), IPv6 in
 * every standard form (bracketed, with zone ids, IPv4-mapped and NAT64 reported as their IPv4 host), decimal/hex/octal/
 * short and percent-encoded IPv4 forms in URL, UNC and `/dev/tcp` host position, and addresses inside PowerShell
 * `-EncodedCommand` payloads and `FromBase64String('…')` literals at any depth (reported with the outermost payload's
 * offset and encoding `encoded-command`, and with `encodedText`, the base64 that encodes them). Version strings, OIDs and other look-alikes are skipped (see
 * isAddressContext). Pure; never throws.
 */
export function extractAddresses(commandLine: string, options?: ExtractOptions): FoundAddress[] {
  if (typeof commandLine !== 'string' || commandLine.length === 0) return [];
  const out = scanText(commandLine);
  if (options?.decodeEncodedCommands !== false) scanEncoded(commandLine, commandLine, out, IDENTITY, undefined);
  // Array.prototype.sort is stable, so addresses inside one payload keep their order.
  if (out.length > 1) out.sort(byOffset);
  return out;
}
