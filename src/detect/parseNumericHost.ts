import type { AddressEncoding } from '../findings/finding.js';
import { DOT } from './charCodes.js';

/** An IPv4 address written as a host in one of the forms inet_aton accepts. */
export interface NumericHost {
  readonly value: number;
  readonly encoding: AddressEncoding;
  /** True for the canonical dotted quad (four decimal parts, no leading zeros). */
  readonly canonical: boolean;
}

const LIMITS = [0xffffffff, 0xffffff, 0xffff, 0xff];

/** The radix of the part [from, to) of `text`: 16 after `0x`, 8 after another leading `0`, else 10. */
function partRadix(text: string, from: number, to: number): 16 | 8 | 10 {
  if (to - from < 2 || text.charCodeAt(from) !== 48 /* 0 */) return 10;
  return (text.charCodeAt(from + 1) | 32) === 120 /* x */ ? 16 : 8;
}

/**
 * The value of the part [from, to) of `text` in `radix` (see partRadix), or -1 when it is none: hex digits after `0x`
 * (a bare `0x` is 0, as WHATWG reads it), octal digits after a leading `0`, or decimal digits. Leading zeros are skipped
 * before the significant digits are counted: resolvers accept any number of them, and the significant digits stay few
 * enough (8 hex, 11 octal, 10 decimal digits reach past 32 bits) to add up exactly.
 */
function partValue(text: string, from: number, to: number, radix: 16 | 8 | 10): number {
  if (to === from) return -1;
  let i = radix === 16 ? from + 2 : from;
  if (radix !== 10) while (i < to && text.charCodeAt(i) === 48) i++;
  if (to - i > (radix === 16 ? 8 : radix === 8 ? 11 : 10)) return -1;
  let value = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    let digit = c - 48;
    if (radix === 16 && !(digit >= 0 && digit <= 9)) digit = (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1;
    if (!(digit >= 0 && digit < radix)) return -1;
    value = value * radix + digit;
  }
  return value;
}

/**
 * Parse a host the way the resolvers that connect to it do: one to four parts separated by dots, each decimal, hex
 * (`0x…`) or octal (leading `0`); the last part fills the remaining bytes (`127.1`, `81.4.31754`, `3232235777`). One
 * trailing dot is allowed. Returns undefined for anything else, e.g. host names that merely contain `0x`.
 *
 * This is inet_aton/inet_addr (glibc, BSD and macOS libc, Winsock: "004.003.002.020" is octal in Microsoft's inet_addr
 * documentation; glibc's getaddrinfo reads `010.1.1.1` as 8.1.1.1, observed with glibc 2.36), which Windows UNC paths,
 * bash's `/dev/tcp` (lib/sh/netopen.c) and most command-line clients use, and it is the WHATWG URL Standard's IPv4
 * parser for URL hosts (https://url.spec.whatwg.org/#concept-ipv4-parser) and curl's (lib/urlapi.c, `strtoul(…, 0)`).
 * None of them limits the number of leading zeros: `http://0000000000055.9.148.3/` is 45.9.148.3, so neither does this.
 *
 * Encoding: `hex` when any part is hex, else `octal` when any part is octal, else `dotted` for the canonical quad and
 * `decimal` for the decimal short forms. One pass over the characters, no allocation but the answer: URL and UNC hosts
 * of every candidate row come through here.
 */
export function parseNumericHost(host: string): NumericHost | undefined {
  const end = host.length > 0 && host.charCodeAt(host.length - 1) === DOT ? host.length - 1 : host.length;
  if (end === 0) return undefined;
  let hex = false;
  let octal = false;
  let parts = 0;
  let result = 0;
  for (let from = 0; ; ) {
    let to = from;
    while (to < end && host.charCodeAt(to) !== DOT) to++;
    const radix = partRadix(host, from, to);
    const value = partValue(host, from, to, radix);
    if (value < 0) return undefined;
    hex ||= radix === 16;
    octal ||= radix === 8;
    parts++;
    if (to === end) {
      // The last part fills the bytes the others left.
      if (value > LIMITS[parts - 1]!) return undefined;
      result = result * 2 ** (8 * (5 - parts)) + value;
      break;
    }
    if (parts === 4 || value > 255) return undefined;
    result = result * 256 + value;
    from = to + 1;
  }
  const canonical = !hex && !octal && parts === 4;
  return { value: result >>> 0, encoding: hex ? 'hex' : octal ? 'octal' : canonical ? 'dotted' : 'decimal', canonical };
}

/**
 * A dotted quad written as a command argument with zero-padded parts, read as inet_aton/inet_addr read it (a leading 0
 * makes a part octal: `ping 010.1.1.1` reaches 8.1.1.1 on Windows, Linux and macOS), or undefined. Versions pad too, so
 * padding that only a version has — a part of zeros only (`1.3.00.217`) or more than one leading zero
 * (`19.002.0107.0005`) — is not read, unless every part has three digits: the zero-padded printing of an address
 * (`192.168.001.010`, Microsoft's own inet_addr example `004.003.002.020`).
 */
export function parsePaddedQuad(text: string): number | undefined {
  if (text.charCodeAt(0) !== 48 && text.indexOf('.0') === -1) return undefined; // no padded part
  if (!/(?:^|\.)0\d/.test(text)) return undefined;
  const pieces = text.split('.');
  if (pieces.length !== 4) return undefined;
  const uniform = pieces.every((p) => p.length === 3);
  if (!uniform && pieces.some((p) => p.length > 1 && p.startsWith('0') && !/^0[1-7]/.test(p))) return undefined;
  return parseNumericHost(text)?.value;
}
