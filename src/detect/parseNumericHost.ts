import type { AddressEncoding } from '../findings/finding.js';

/** An IPv4 address written as a host in one of the forms inet_aton accepts. */
export interface NumericHost {
  readonly value: number;
  readonly encoding: AddressEncoding;
  /** True for the canonical dotted quad (four decimal parts, no leading zeros). */
  readonly canonical: boolean;
}

const LIMITS = [0xffffffff, 0xffffff, 0xffff, 0xff];

// Leading zeros are stripped before the digits are counted: resolvers accept any number of them (see below), and the
// significant digits stay few enough (8 hex, 11 octal, 10 decimal digits reach past 32 bits) to parse exactly.
const HEX = /^0[xX]0*([0-9a-fA-F]{0,8})$/;
const OCTAL = /^0+([1-7][0-7]{0,10})?$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,9})$/;

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
 * `decimal` for the decimal short forms.
 */
export function parseNumericHost(host: string): NumericHost | undefined {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  if (text === '') return undefined;
  const pieces = text.split('.');
  if (pieces.length > 4) return undefined;
  const values: number[] = [];
  let hex = false;
  let octal = false;
  for (const piece of pieces) {
    let match: RegExpExecArray | null;
    let value: number;
    if ((match = HEX.exec(piece)) !== null) {
      hex = true;
      value = match[1] === '' ? 0 : parseInt(match[1]!, 16); // WHATWG reads a bare `0x` as 0
    } else if (piece.length > 1 && (match = OCTAL.exec(piece)) !== null) {
      octal = true;
      value = match[1] === undefined ? 0 : parseInt(match[1], 8);
    } else if (DECIMAL.test(piece)) {
      value = Number(piece);
    } else {
      return undefined;
    }
    values.push(value);
  }
  const last = values.length - 1;
  let result = 0;
  for (let i = 0; i < last; i++) {
    if (values[i]! > 255) return undefined;
    result = result * 256 + values[i]!;
  }
  if (values[last]! > LIMITS[last]!) return undefined;
  result = result * 2 ** (8 * (4 - last)) + values[last]!;
  const canonical = !hex && !octal && pieces.length === 4;
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
