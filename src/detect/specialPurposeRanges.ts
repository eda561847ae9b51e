import type { AddressKind } from '../findings/finding.js';

/**
 * The address ranges that are NOT external (not globally routable), in one table so the README can list them.
 *
 * Sources (checked entry by entry, not taken from ipaddr.js, whose `range()` names differ and which lacks several entries):
 * - IANA IPv4 Special-Purpose Address Registry, https://www.iana.org/assignments/iana-ipv4-special-registry/ (RFC 6890)
 * - IANA IPv6 Special-Purpose Address Registry, https://www.iana.org/assignments/iana-ipv6-special-registry/ (RFC 6890)
 * - IPv4 multicast 224.0.0.0/4 (RFC 5771), limited broadcast 255.255.255.255/32 (RFC 919), reserved 240.0.0.0/4 (RFC 1112)
 * - IPv6 multicast ff00::/8 (RFC 4291); IPv6 global unicast is only 2000::/3 (IANA IPv6 Address Space registry), so any
 *   other IPv6 address not listed here is `reserved`.
 *
 * Registry entries marked "Globally Reachable: True" inside a larger non-reachable block (e.g. 192.0.0.9/32, 2001:1::1/128)
 * are listed with kind `external` so that the most specific entry wins.
 *
 * Addresses that embed an IPv4 address are classified by that IPv4 address (decision, see README "Classification"):
 * IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96 (RFC 6052), 6to4 2002::/16 (RFC 3056) and Teredo 2001::/32 (RFC 4380,
 * the client address is the inverted last 32 bits). The registry marks 6to4 and Teredo "N/A"; their traffic reaches
 * the embedded IPv4 host, so that host decides. The extractor reports IPv4-mapped and NAT64 addresses as their IPv4 host
 * and 6to4 and Teredo addresses as the IPv6 host behind the embedded router or NAT (`hostIs` below).
 */
export interface SpecialPurposeRange {
  readonly cidr: string;
  readonly kind: AddressKind;
  readonly name: string;
  readonly source: string;
}

/** IPv4 ranges, most specific first (the first match wins). */
export const IPV4_SPECIAL_PURPOSE_RANGES: readonly SpecialPurposeRange[] = Object.freeze([
  { cidr: '0.0.0.0/32', kind: 'unspecified', name: 'This host on this network', source: 'RFC 1122' },
  { cidr: '0.0.0.0/8', kind: 'unspecified', name: '"This network"', source: 'RFC 791' },
  { cidr: '10.0.0.0/8', kind: 'private', name: 'Private-Use', source: 'RFC 1918' },
  { cidr: '100.64.0.0/10', kind: 'cgnat', name: 'Shared Address Space', source: 'RFC 6598' },
  { cidr: '127.0.0.0/8', kind: 'loopback', name: 'Loopback', source: 'RFC 1122' },
  { cidr: '169.254.0.0/16', kind: 'link-local', name: 'Link Local', source: 'RFC 3927' },
  { cidr: '172.16.0.0/12', kind: 'private', name: 'Private-Use', source: 'RFC 1918' },
  { cidr: '192.0.0.9/32', kind: 'external', name: 'Port Control Protocol Anycast (globally reachable)', source: 'RFC 7723' },
  { cidr: '192.0.0.10/32', kind: 'external', name: 'Traversal Using Relays around NAT Anycast (globally reachable)', source: 'RFC 8155' },
  { cidr: '192.0.0.0/24', kind: 'special-purpose', name: 'IETF Protocol Assignments (incl. DS-Lite, NAT64/DNS64 discovery)', source: 'RFC 6890' },
  { cidr: '192.0.2.0/24', kind: 'documentation', name: 'Documentation (TEST-NET-1)', source: 'RFC 5737' },
  { cidr: '192.88.99.0/24', kind: 'reserved', name: 'Deprecated 6to4 Relay Anycast', source: 'RFC 7526' },
  { cidr: '192.168.0.0/16', kind: 'private', name: 'Private-Use', source: 'RFC 1918' },
  { cidr: '198.18.0.0/15', kind: 'benchmarking', name: 'Benchmarking', source: 'RFC 2544' },
  { cidr: '198.51.100.0/24', kind: 'documentation', name: 'Documentation (TEST-NET-2)', source: 'RFC 5737' },
  { cidr: '203.0.113.0/24', kind: 'documentation', name: 'Documentation (TEST-NET-3)', source: 'RFC 5737' },
  { cidr: '224.0.0.0/4', kind: 'multicast', name: 'Multicast', source: 'RFC 5771' },
  { cidr: '255.255.255.255/32', kind: 'broadcast', name: 'Limited Broadcast', source: 'RFC 919' },
  { cidr: '240.0.0.0/4', kind: 'reserved', name: 'Reserved', source: 'RFC 1112' },
]);

/**
 * IPv6 ranges, most specific first. Ranges that embed IPv4 (see above) are handled in classifyAddress, not here.
 * Anything outside 2000::/3 that is not listed is `reserved`.
 */
export const IPV6_SPECIAL_PURPOSE_RANGES: readonly SpecialPurposeRange[] = Object.freeze([
  { cidr: '::/128', kind: 'unspecified', name: 'Unspecified Address', source: 'RFC 4291' },
  { cidr: '::1/128', kind: 'loopback', name: 'Loopback Address', source: 'RFC 4291' },
  { cidr: '64:ff9b:1::/48', kind: 'special-purpose', name: 'IPv4-IPv6 Translat. (local use)', source: 'RFC 8215' },
  { cidr: '100::/64', kind: 'special-purpose', name: 'Discard-Only Address Block', source: 'RFC 6666' },
  { cidr: '100:0:0:1::/64', kind: 'special-purpose', name: 'Dummy IPv6 Prefix', source: 'RFC 9780' },
  { cidr: '2001:1::1/128', kind: 'external', name: 'Port Control Protocol Anycast (globally reachable)', source: 'RFC 7723' },
  { cidr: '2001:1::2/128', kind: 'external', name: 'TURN Anycast (globally reachable)', source: 'RFC 8155' },
  { cidr: '2001:1::3/128', kind: 'external', name: 'DNS-SD Service Registration Protocol Anycast (globally reachable)', source: 'RFC 9665' },
  { cidr: '2001:2::/48', kind: 'benchmarking', name: 'Benchmarking', source: 'RFC 5180' },
  { cidr: '2001:3::/32', kind: 'external', name: 'AMT (globally reachable)', source: 'RFC 7450' },
  { cidr: '2001:4:112::/48', kind: 'external', name: 'AS112-v6 (globally reachable)', source: 'RFC 7535' },
  { cidr: '2001:10::/28', kind: 'reserved', name: 'Deprecated (previously ORCHID)', source: 'RFC 4843' },
  { cidr: '2001:20::/28', kind: 'external', name: 'ORCHIDv2 (globally reachable)', source: 'RFC 7343' },
  { cidr: '2001:30::/28', kind: 'external', name: 'Drone Remote ID Protocol Entity Tags (globally reachable)', source: 'RFC 9374' },
  { cidr: '2001::/23', kind: 'special-purpose', name: 'IETF Protocol Assignments', source: 'RFC 2928' },
  { cidr: '2001:db8::/32', kind: 'documentation', name: 'Documentation', source: 'RFC 3849' },
  { cidr: '3fff::/20', kind: 'documentation', name: 'Documentation', source: 'RFC 9637' },
  { cidr: '5f00::/16', kind: 'special-purpose', name: 'Segment Routing (SRv6) SIDs', source: 'RFC 9602' },
  { cidr: 'fc00::/7', kind: 'unique-local', name: 'Unique-Local', source: 'RFC 4193' },
  { cidr: 'fe80::/10', kind: 'link-local', name: 'Link-Local Unicast', source: 'RFC 4291' },
  { cidr: 'ff00::/8', kind: 'multicast', name: 'Multicast', source: 'RFC 4291' },
]);

/**
 * Where a prefix carries its IPv4 address: in the last 32 bits (mapped, NAT64), in the last 32 bits inverted
 * (Teredo's client address), or in the 32 bits after the 16-bit prefix (6to4).
 */
export type EmbeddedIPv4Position = 'last32' | 'last32Inverted' | 'after16';

/** A prefix whose addresses embed an IPv4 address, and where that address sits. */
export interface EmbeddedIPv4Prefix extends SpecialPurposeRange {
  readonly ipv4At: EmbeddedIPv4Position;
  /**
   * Which address names the remote host, and so is reported: the embedded IPv4 when the traffic goes to it as IPv4
   * (mapped: the socket talks IPv4; NAT64: the translator forwards to it), the IPv6 address when it names one host
   * behind the embedded IPv4 router or NAT (6to4, Teredo), which other hosts may share.
   */
  readonly hostIs: 'ipv4' | 'ipv6';
}

/** Prefixes whose addresses embed an IPv4 address and are classified by it. */
export const IPV6_EMBEDDED_IPV4_PREFIXES: readonly EmbeddedIPv4Prefix[] = Object.freeze([
  { cidr: '::ffff:0:0/96', kind: 'special-purpose', name: 'IPv4-mapped Address (classified by its IPv4)', source: 'RFC 4291', ipv4At: 'last32', hostIs: 'ipv4' },
  { cidr: '64:ff9b::/96', kind: 'special-purpose', name: 'IPv4-IPv6 Translat. (classified by its IPv4)', source: 'RFC 6052', ipv4At: 'last32', hostIs: 'ipv4' },
  { cidr: '2001::/32', kind: 'special-purpose', name: 'TEREDO (classified by the client IPv4)', source: 'RFC 4380', ipv4At: 'last32Inverted', hostIs: 'ipv6' },
  { cidr: '2002::/16', kind: 'special-purpose', name: '6to4 (classified by its IPv4)', source: 'RFC 3056', ipv4At: 'after16', hostIs: 'ipv6' },
]);
