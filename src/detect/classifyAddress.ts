import { InputError } from '../errors.js';
import type { AddressKind } from '../findings/finding.js';
import { mappedIPv4, parseIPv4, parseIPv6 } from './addressText.js';
import { IPV4_SPECIAL_PURPOSE_RANGES, IPV6_SPECIAL_PURPOSE_RANGES } from './specialPurposeRanges.js';

interface IPv4Range {
  readonly base: number;
  readonly mask: number;
  readonly kind: AddressKind;
}

interface IPv6Range {
  readonly groups: readonly number[];
  readonly bits: number;
  readonly kind: AddressKind;
}

const IPV4_RANGES: readonly IPv4Range[] = IPV4_SPECIAL_PURPOSE_RANGES.map((r) => {
  const [address, bits] = r.cidr.split('/') as [string, string];
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return { base: parseIPv4(address)!, mask, kind: r.kind };
});

const IPV6_RANGES: readonly IPv6Range[] = IPV6_SPECIAL_PURPOSE_RANGES.map((r) => {
  const [address, bits] = r.cidr.split('/') as [string, string];
  return { groups: parseIPv6(address)!, bits: Number(bits), kind: r.kind };
});

/** Classify an IPv4 address given as an unsigned 32-bit number (the extractor's fast path). */
export function classifyIPv4(value: number): AddressKind {
  for (const range of IPV4_RANGES) {
    if (((value & range.mask) >>> 0) === range.base) return range.kind;
  }
  return 'external';
}

function inPrefix(groups: readonly number[], range: IPv6Range): boolean {
  let bits = range.bits;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i]! & mask) !== range.groups[i]) return false;
  }
  return true;
}

/** The IPv4 address an IPv6 address embeds and is classified by (mapped, NAT64, 6to4, Teredo), or undefined. */
export function embeddedIPv4(groups: readonly number[]): number | undefined {
  const mapped = mappedIPv4(groups);
  if (mapped !== undefined) return mapped;
  const last32 = (groups[6]! * 65536 + groups[7]!) >>> 0;
  // NAT64 well-known prefix 64:ff9b::/96.
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0) {
    return last32;
  }
  // 6to4 2002:AABB:CCDD::/48.
  if (groups[0] === 0x2002) return (groups[1]! * 65536 + groups[2]!) >>> 0;
  // Teredo 2001:0::/32: the client's IPv4 is the last 32 bits inverted.
  if (groups[0] === 0x2001 && groups[1] === 0) return ~last32 >>> 0;
  return undefined;
}

/** Classify an IPv6 address given as eight 16-bit groups. */
export function classifyIPv6(groups: readonly number[]): AddressKind {
  const v4 = embeddedIPv4(groups);
  if (v4 !== undefined) return classifyIPv4(v4);
  for (const range of IPV6_RANGES) if (inPrefix(groups, range)) return range.kind;
  // Only 2000::/3 is allocated as global unicast.
  return (groups[0]! & 0xe000) === 0x2000 ? 'external' : 'reserved';
}

/**
 * Classify a normalized address (dotted quad or IPv6 text) against the IANA special-purpose registries
 * (see specialPurposeRanges.ts). Throws InputError when the text is not an address.
 */
export function classifyAddress(address: string): AddressKind {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) return classifyIPv4(v4);
  const zone = address.indexOf('%');
  const v6 = parseIPv6(zone === -1 ? address : address.slice(0, zone));
  if (v6 !== undefined) return classifyIPv6(v6);
  throw new InputError('address', `classify address: "${address.slice(0, 64)}" is not an IP address`);
}

/** True when the address is globally routable; false for every other kind and for text that is not an address. */
export function isExternal(address: string): boolean {
  try {
    return classifyAddress(address) === 'external';
  } catch {
    return false;
  }
}
