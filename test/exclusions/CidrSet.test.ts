import { describe, expect, it } from 'vitest';
import { CidrSet } from '../../src/exclusions/CidrSet.js';

describe('CidrSet', () => {
  it('returns the value of the longest matching prefix', () => {
    const set = new CidrSet<string>();
    set.add('10.0.0.0/8', 'wide');
    set.add('10.1.0.0/16', 'narrow');
    set.add('10.1.2.3', 'host');
    expect(set.get('10.9.9.9')).toBe('wide');
    expect(set.get('10.1.9.9')).toBe('narrow');
    expect(set.get('10.1.2.3')).toBe('host');
    expect(set.get('11.0.0.0')).toBeUndefined();
  });

  it('sees CIDRs added after a lookup', () => {
    const set = new CidrSet<string>();
    set.add('10.0.0.0/8', 'wide');
    expect(set.get('10.1.2.3')).toBe('wide');
    set.add('10.1.0.0/16', 'narrow');
    expect(set.get('10.1.2.3')).toBe('narrow');
    expect(set.get('10.2.0.0')).toBe('wide');
  });

  it('matches range edges exactly', () => {
    const set = new CidrSet<true>();
    set.add('100.64.0.0/10', true);
    expect(set.has('100.63.255.255')).toBe(false);
    expect(set.has('100.64.0.0')).toBe(true);
    expect(set.has('100.127.255.255')).toBe(true);
    expect(set.has('100.128.0.0')).toBe(false);
  });

  it('handles /0 and /32 and addresses above 2^31', () => {
    const set = new CidrSet<string>();
    set.add('0.0.0.0/0', 'all');
    set.add('255.255.255.255/32', 'broadcast');
    expect(set.get('200.1.1.1')).toBe('all');
    expect(set.get('255.255.255.255')).toBe('broadcast');
  });

  it('matches IPv6 prefixes, including odd lengths', () => {
    const set = new CidrSet<string>();
    set.add('2001:db8::/32', 'doc');
    set.add('fc00::/7', 'ula');
    set.add('2001:db8:8000::/33', 'upper half');
    expect(set.get('2001:db8::1')).toBe('doc');
    expect(set.get('2001:db8:8000::1')).toBe('upper half');
    expect(set.get('fdff::1')).toBe('ula');
    expect(set.get('fe00::1')).toBeUndefined();
    expect(set.get('fe80::1%eth0')).toBeUndefined();
  });

  it('applies IPv4-mapped IPv6 CIDRs to dotted addresses and IPv4 CIDRs to mapped addresses', () => {
    const set = new CidrSet<string>();
    set.add('::ffff:a00:0/104', 'mapped ten');
    set.add('192.168.0.0/16', 'v4');
    expect(set.get('10.2.3.4')).toBe('mapped ten');
    expect(set.get('::ffff:192.168.1.1')).toBe('v4');
  });

  it('keeps the first value for a repeated CIDR and counts it once', () => {
    const set = new CidrSet<string>();
    set.add('10.0.0.0/8', 'first');
    set.add('10.2.0.0/8', 'second');
    expect(set.size).toBe(1);
    expect(set.get('10.0.0.1')).toBe('first');
  });

  it('refuses text that is not a CIDR, naming it', () => {
    const set = new CidrSet<true>();
    expect(() => set.add('10.0.0.0/33', true)).toThrow(/"10.0.0.0\/33"/);
    expect(() => set.add('example.com', true)).toThrow(/add CIDR: "example.com" is not an IPv4 or IPv6 CIDR/);
    expect(set.get('not an address')).toBeUndefined();
  });

  it('agrees with a linear longest-prefix scan on random nested CIDRs and addresses', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const set = new CidrSet<number>();
    const cidrs: { base: number; bits: number }[] = [];
    for (let i = 0; i < 2000; i++) {
      const bits = 4 + (random() % 29);
      const mask = (0xffffffff << (32 - bits)) >>> 0;
      const base = (random() & mask) >>> 0;
      set.add(`${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${bits}`, i);
      cidrs.push({ base, bits });
    }
    for (let i = 0; i < 20000; i++) {
      const probe = i % 2 === 0 ? random() : (cidrs[random() % cidrs.length]!.base + (random() % 256)) >>> 0;
      // Linear reference: the longest matching CIDR, the earliest added among equals.
      let expected: number | undefined;
      let expectedBits = -1;
      cidrs.forEach(({ base, bits }, index) => {
        if (bits > expectedBits && ((probe & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0) === base) {
          expected = index;
          expectedBits = bits;
        }
      });
      expect(set.getIPv4(probe)).toBe(expected);
    }
  });
});
