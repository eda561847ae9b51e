import { mappedIPv4, parseIPv4, parseIPv6 } from '../detect/addressText.js';
import { InputError } from '../errors.js';

/**
 * A set of CIDRs (IPv4 and IPv6) with longest-prefix-match lookup, each CIDR carrying a value.
 *
 * IPv4: the CIDRs (which are always nested or disjoint) are flattened into sorted, disjoint intervals, each carrying the
 * value of the most specific CIDR that covers it; a lookup is one binary search (17 steps for 100,000 CIDRs). The
 * intervals are rebuilt lazily on the first lookup after an add.
 * IPv6 (rare in exclusion lists): one hash table per prefix length that occurs, probed longest first.
 * IPv6 CIDRs inside ::ffff:0:0/96 also apply to the IPv4 addresses they map, since the detector reports IPv4-mapped
 * addresses as dotted quads.
 */
export class CidrSet<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private readonly v6 = new Map<number, Map<bigint, T>>();
  private v4Starts = new Float64Array(0);
  private v4Ends = new Float64Array(0);
  private v4Values: T[] = [];
  private v4Dirty = false;
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
    }
    const key = (address & maskV4(bits)) >>> 0;
    if (!table.has(key)) {
      table.set(key, value);
      this.count++;
      this.v4Dirty = true;
    }
  }

  /** Flatten the nested IPv4 CIDRs into disjoint sorted intervals, innermost value winning. */
  private buildIPv4(): void {
    const cidrs: { start: number; end: number; value: T }[] = [];
    for (const [bits, table] of this.v4) {
      const size = 2 ** (32 - bits);
      for (const [start, value] of table) cidrs.push({ start, end: start + size - 1, value });
    }
    // Outer CIDRs before the inner ones that share their start.
    cidrs.sort((a, b) => a.start - b.start || b.end - a.end);
    const starts: number[] = [];
    const ends: number[] = [];
    const values: T[] = [];
    const emit = (start: number, end: number, value: T): void => {
      starts.push(start);
      ends.push(end);
      values.push(value);
    };
    const open: { end: number; value: T }[] = [];
    let cursor = 0;
    const closeBefore = (position: number): void => {
      while (open.length > 0 && open[open.length - 1]!.end < position) {
        const top = open.pop()!;
        if (cursor <= top.end) emit(cursor, top.end, top.value);
        cursor = Math.max(cursor, top.end + 1);
      }
    };
    for (const cidr of cidrs) {
      closeBefore(cidr.start);
      const parent = open[open.length - 1];
      if (parent !== undefined && cursor < cidr.start) emit(cursor, cidr.start - 1, parent.value);
      cursor = cidr.start;
      open.push({ end: cidr.end, value: cidr.value });
    }
    closeBefore(Infinity);
    this.v4Starts = Float64Array.from(starts);
    this.v4Ends = Float64Array.from(ends);
    this.v4Values = values;
    this.v4Dirty = false;
  }

  /** The value of the longest CIDR containing an IPv4 address given as an unsigned 32-bit number. */
  getIPv4(address: number): T | undefined {
    if (this.v4Dirty) this.buildIPv4();
    const starts = this.v4Starts;
    // Last interval starting at or before the address.
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (starts[mid]! <= address) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found !== -1 && address <= this.v4Ends[found]! ? this.v4Values[found] : undefined;
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
