import { mappedIPv4, parseIPv4, parseIPv6 } from '../detect/addressText.js';
import { InputError } from '../errors.js';

/**
 * A set of CIDRs (IPv4 and IPv6) with longest-prefix-match lookup, each CIDR carrying a value.
 *
 * Structure: one hash table per prefix length that occurs, keyed by the masked network address. A lookup probes only the
 * lengths present, longest first: at most 33 probes for IPv4 and 129 for IPv6 however many CIDRs there are (100,000
 * CIDRs typically use a handful of lengths), instead of a linear scan. IPv6 CIDRs inside ::ffff:0:0/96 also apply to
 * the IPv4 addresses they map, since the detector reports IPv4-mapped addresses as dotted quads.
 */
export class CidrSet<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private readonly v6 = new Map<number, Map<bigint, T>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  private count = 0;

  /** Number of CIDRs added (a CIDR added twice counts once; the first value is kept). */
  get size(): number {
    return this.count;
  }

  /** Add a CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address; host bits are ignored. Throws InputError on bad text. */
  add(cidr: string, value: T): void {
    const slash = cidr.indexOf('/');
    const address = slash === -1 ? cidr : cidr.slice(0, slash);
    const bitsText = slash === -1 ? undefined : cidr.slice(slash + 1);
    if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) throw new InputError('cidr', `add CIDR: "${cidr}" has no valid prefix length`);
    const v4 = parseIPv4(address);
    if (v4 !== undefined) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (bits > 32) throw new InputError('cidr', `add CIDR: "${cidr}" has a prefix longer than 32 bits`);
      this.addIPv4(v4, bits, value);
      return;
    }
    const groups = parseIPv6(address);
    if (groups === undefined) throw new InputError('cidr', `add CIDR: "${cidr}" is not an IPv4 or IPv6 CIDR`);
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (bits > 128) throw new InputError('cidr', `add CIDR: "${cidr}" has a prefix longer than 128 bits`);
    const mapped = mappedIPv4(groups);
    if (mapped !== undefined && bits >= 96) this.addIPv4(mapped, bits - 96, value);
    let table = this.v6.get(bits);
    if (table === undefined) {
      table = new Map();
      this.v6.set(bits, table);
      this.v6Lengths = [...this.v6.keys()].sort((a, b) => b - a);
    }
    const key = toBigInt(groups) & maskV6(bits);
    if (!table.has(key)) {
      table.set(key, value);
      this.count++;
    }
  }

  private addIPv4(address: number, bits: number, value: T): void {
    let table = this.v4.get(bits);
    if (table === undefined) {
      table = new Map();
      this.v4.set(bits, table);
      this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
    }
    const key = (address & maskV4(bits)) >>> 0;
    if (!table.has(key)) {
      table.set(key, value);
      this.count++;
    }
  }

  /** The value of the longest CIDR containing an IPv4 address given as an unsigned 32-bit number. */
  getIPv4(address: number): T | undefined {
    for (const bits of this.v4Lengths) {
      const hit = this.v4.get(bits)!.get((address & maskV4(bits)) >>> 0);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** The value of the longest CIDR containing the address (dotted quad or IPv6 text), or undefined (also for non-addresses). */
  get(address: string): T | undefined {
    const v4 = parseIPv4(address);
    if (v4 !== undefined) return this.getIPv4(v4);
    const zone = address.indexOf('%');
    const groups = parseIPv6(zone === -1 ? address : address.slice(0, zone));
    if (groups === undefined) return undefined;
    const mapped = mappedIPv4(groups);
    if (mapped !== undefined) {
      const hit = this.getIPv4(mapped);
      if (hit !== undefined) return hit;
    }
    if (this.v6Lengths.length === 0) return undefined;
    const value = toBigInt(groups);
    for (const bits of this.v6Lengths) {
      const hit = this.v6.get(bits)!.get(value & maskV6(bits));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** True when some CIDR contains the address. */
  has(address: string): boolean {
    return this.get(address) !== undefined;
  }
}

function maskV4(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

const V6_MASKS: bigint[] = [];
for (let bits = 0; bits <= 128; bits++) {
  V6_MASKS.push(bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits));
}

function maskV6(bits: number): bigint {
  return V6_MASKS[bits]!;
}

function toBigInt(groups: readonly number[]): bigint {
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}
