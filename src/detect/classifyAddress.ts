import { InputError } from '../errors.js';
import type { AddressKind } from '../findings/finding.js';
import { parseIPv4, parseIPv6 } from './addressText.js';
import {
  IPV4_SPECIAL_PURPOSE_RANGES,
  IPV6_EMBEDDED_IPV4_PREFIXES,
  IPV6_SPECIAL_PURPOSE_RANGES,
  type EmbeddedIPv4Position,
  type EmbeddedIPv4Prefix,
  type SpecialPurposeRange,
} from './specialPurposeRanges.js';

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

function ipv6Range(r: SpecialPurposeRange): IPv6Range {
  const [address, bits] = r.cidr.split('/') as [string, string];
  return { groups: parseIPv6(address)!, bits: Number(bits), kind: r.kind };
}

const IPV6_RANGES: readonly IPv6Range[] = IPV6_SPECIAL_PURPOSE_RANGES.map(ipv6Range);

const EMBEDDED_PREFIXES: readonly (IPv6Range & Pick<EmbeddedIPv4Prefix, 'ipv4At' | 'hostIs'>)[] = IPV6_EMBEDDED_IPV4_PREFIXES.map((r) => ({
  ...ipv6Range(r),
  ipv4At: r.ipv4At,
  hostIs: r.hostIs,
}));

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

function embeddedPrefixOf(groups: readonly number[]): (typeof EMBEDDED_PREFIXES)[number] | undefined {
  for (const prefix of EMBEDDED_PREFIXES) if (inPrefix(groups, prefix)) return prefix;
  return undefined;
}

function ipv4At(position: EmbeddedIPv4Position, groups: readonly number[]): number {
  const last32 = (groups[6]! * 65536 + groups[7]!) >>> 0;
  switch (position) {
    case 'last32':
      return last32;
    case 'last32Inverted':
      return ~last32 >>> 0;
    case 'after16':
      return (groups[1]! * 65536 + groups[2]!) >>> 0;
  }
}

/** The IPv4 address an IPv6 address embeds and is classified by (mapped, NAT64, 6to4, Teredo), or undefined. */
export function embeddedIPv4(groups: readonly number[]): number | undefined {
  const prefix = embeddedPrefixOf(groups);
  return prefix === undefined ? undefined : ipv4At(prefix.ipv4At, groups);
}

/**
 * The IPv4 host an IPv6 address stands for, reported in its place, or undefined: IPv4-mapped and NAT64 addresses
 * (`hostIs: 'ipv4'` in specialPurposeRanges.ts). 6to4 and Teredo addresses name an IPv6 host and give undefined.
 */
export function ipv4HostOf(groups: readonly number[]): number | undefined {
  const prefix = embeddedPrefixOf(groups);
  return prefix?.hostIs === 'ipv4' ? ipv4At(prefix.ipv4At, groups) : undefined;
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
