import type { AddressEncoding } from '../findings/finding.js';

/** An IPv4 address written as a host in one of the forms inet_aton accepts. */
export interface NumericHost {
  readonly value: number;
  readonly encoding: AddressEncoding;
  /** True for the canonical dotted quad (four decimal parts, no leading zeros). */
  readonly canonical: boolean;
}

const LIMITS = [0xffffffff, 0xffffff, 0xffff, 0xff];

/**
 * Parse a URL or UNC host the way inet_aton (and so Windows and curl) does: one to four parts separated by dots, each
 * decimal, hex (`0x…`) or octal (leading `0`); the last part fills the remaining bytes (`127.1`, `81.4.31754`, `3232235777`).
 * One trailing dot is allowed. Returns undefined for anything else, e.g. host names that merely contain `0x`.
 * Encoding: `hex` when any part is hex, else `octal` when any part is octal, else `dotted` for the canonical quad and
 * `decimal` for the decimal short forms.
 */
export function parseNumericHost(host: string): NumericHost | undefined {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  if (text === '' || text.length > 40) return undefined;
  const pieces = text.split('.');
  if (pieces.length > 4) return undefined;
  const values: number[] = [];
  let hex = false;
  let octal = false;
  for (const piece of pieces) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]{1,8}$/.test(piece)) {
      hex = true;
      value = parseInt(piece.slice(2), 16);
    } else if (/^0[0-7]+$/.test(piece)) {
      octal = true;
      value = parseInt(piece, 8);
    } else if (/^(?:0|[1-9][0-9]{0,9})$/.test(piece)) {
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
