import { describe, expect, it } from 'vitest';
import { parseCidrEntry } from '../../src/exclusions/parseCidrEntry.js';

describe('parseCidrEntry', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['168.63.129.16', '168.63.129.16/32'],
    ['10.', '10.0.0.0/8'],
    ['10.1.', '10.1.0.0/16'],
    ['192.168.1.', '192.168.1.0/24'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0::1', '2001:db8::1/128'],
    ['::1', '::1/128'],
  ])('reads %s as %s', (text, cidr) => {
    expect(parseCidrEntry(text)).toEqual({ cidr, source: text });
  });

  it.each([
    ['10.0.0.0/33', '"10.0.0.0/33" is not a valid CIDR'],
    ['2001:db8::/129', '"2001:db8::/129" is not a valid CIDR'],
    ['300.1.1.1', '"300.1.1.1" is not a valid address'],
    ['300.', '"300." is not a valid dotted prefix (octet over 255)'],
    ['1.2.3', '"1.2.3" is not a valid address'],
    ['010.0.0.0/8', 'four decimal octets'],
    ['10.1/16', 'four decimal octets'],
    ['0x0a000001', 'four decimal octets'],
    ['fe80::1%eth0', 'has a zone id'],
    ['example.com', 'is not a valid address'],
  ])('refuses %s', (text, message) => {
    expect(parseCidrEntry(text)).toContain(message);
  });
});
