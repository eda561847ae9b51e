import ipaddr from 'ipaddr.js';

/** A CIDR in canonical form plus where it came from. */
export interface CidrEntry {
  /** Canonical CIDR, e.g. `10.1.0.0/16`, `2001:db8::/32`. */
  readonly cidr: string;
  /** As written in configuration (e.g. `10.1.`). */
  readonly source: string;
  /** Where the entry comes from, when not EXCLUDED_CIDRS (e.g. `watchlist ip-allowlist`). */
  readonly origin?: string;
  /** Why it is excluded, when the source says (a watchlist item's Reason column). */
  readonly reason?: string;
}

/**
 * Parse one CIDR, single address, or seed-style dotted prefix (`10.`, `10.1.`, `10.1.2.`) into canonical CIDR form.
 * Returns an error message instead of throwing.
 */
export function parseCidrEntry(text: string): CidrEntry | string {
  const source = text.trim();
  if (source === '') return 'empty entry';
  const prefix = /^(\d{1,3})\.(?:(\d{1,3})\.)?(?:(\d{1,3})\.)?$/.exec(source);
  if (prefix) {
    const octets = [prefix[1], prefix[2], prefix[3]].filter((o): o is string => o !== undefined).map(Number);
    if (octets.some((o) => o > 255)) return `"${source}" is not a valid dotted prefix (octet over 255)`;
    const bits = octets.length * 8;
    while (octets.length < 4) octets.push(0);
    return { cidr: `${octets.join('.')}/${bits}`, source };
  }
  const address = source.split('/')[0]!;
  // ipaddr.js also accepts inet_aton forms (`10.1/16`, `0x0a.0.0.0/8`, and `010.0.0.0/8` as octal 8.0.0.0/8): refuse
  // them rather than exclude a range the user did not mean. Zone ids would never match a detected address.
  if (address.includes('%')) return `"${source}" has a zone id (%…); exclusions match addresses without one`;
  if (!address.includes(':') && !/^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/.test(address)) {
    return `"${source}" is not a valid address, CIDR or dotted prefix (write IPv4 as four decimal octets without leading zeros)`;
  }
  try {
    if (source.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(source);
      const network = networkAddress(addr, bits);
      return { cidr: `${format(network)}/${bits}`, source };
    }
    if (!ipaddr.isValid(source) || (source.includes('.') && !source.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(source))) {
      return `"${source}" is not a valid address, CIDR or dotted prefix`;
    }
    const addr = ipaddr.parse(source);
    return { cidr: `${format(addr)}/${addr.kind() === 'ipv4' ? 32 : 128}`, source };
  } catch {
    return `"${source}" is not a valid CIDR`;
  }
}

function format(addr: ipaddr.IPv4 | ipaddr.IPv6): string {
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function networkAddress(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}
