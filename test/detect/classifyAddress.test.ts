import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseIPv6 } from '../../src/detect/addressText.js';
import { classifyAddress, ipv4HostOf, isExternal } from '../../src/detect/classifyAddress.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'external'],
    ['168.63.129.16', 'external'],
    ['0.0.0.0', 'unspecified'],
    ['0.255.1.1', 'unspecified'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'external'],
    ['127.8.8.8', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'external'],
    ['192.0.0.8', 'special-purpose'],
    ['192.0.0.9', 'external'],
    ['192.0.0.10', 'external'],
    ['192.0.0.171', 'special-purpose'],
    ['192.0.2.1', 'documentation'],
    ['192.31.196.1', 'external'],
    ['192.52.193.1', 'external'],
    ['192.88.99.1', 'reserved'],
    ['192.168.0.1', 'private'],
    ['192.175.48.1', 'external'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('classifies IPv4 %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['2001:4860:4860::8888', 'external'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:8.8.8.8', 'external'],
    ['::ffff:192.168.1.1', 'private'],
    ['64:ff9b::808:808', 'external'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b:1::1', 'special-purpose'],
    ['100::1', 'special-purpose'],
    ['2001::4136:e378:8000:63bf:3fff:fdd2', 'documentation'], // Teredo client 192.0.2.45
    ['2001:0:4136:e378:8000:63bf:a22a:4bf8', 'external'], // Teredo client 93.213.180.7
    ['2001:1::1', 'external'],
    ['2001:2::1', 'benchmarking'],
    ['2001:4:112::1', 'external'],
    ['2001:10::1', 'reserved'],
    ['2001:20::1', 'external'],
    ['2001:100::1', 'special-purpose'],
    ['2001:200::1', 'external'],
    ['2001:db8::1', 'documentation'],
    ['2002:808:808::1', 'external'],
    ['2002:c0a8:101::1', 'private'],
    ['3fff:fff::1', 'documentation'],
    ['3fff:1000::1', 'external'],
    ['5f00::1', 'special-purpose'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::1.2.3.4', 'reserved'],
    ['4000::1', 'reserved'],
    ['1::', 'reserved'],
  ])('classifies IPv6 %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('agrees with ipaddr.js on the ranges both know', () => {
    const names: Record<string, string> = {
      private: 'private',
      loopback: 'loopback',
      linkLocal: 'link-local',
      carrierGradeNat: 'cgnat',
      multicast: 'multicast',
      broadcast: 'broadcast',
      uniqueLocal: 'unique-local',
      unicast: 'external',
    };
    for (const address of ['10.1.2.3', '127.0.0.1', '169.254.1.1', '100.100.1.1', '224.1.1.1', '255.255.255.255', '8.8.8.8', 'fd00::1', 'fe80::2', 'ff05::2', '::1']) {
      expect(classifyAddress(address), address).toBe(names[ipaddr.parse(address).range()]);
    }
  });

  it('throws an InputError naming the text when it is not an address', () => {
    expect(() => classifyAddress('not-an-ip')).toThrow(/classify address: "not-an-ip" is not an IP address/);
  });
});

describe('isExternal', () => {
  it('is true only for globally routable addresses', () => {
    expect(isExternal('45.9.148.3')).toBe(true);
    expect(isExternal('2606:4700:4700::1111')).toBe(true);
    expect(isExternal('192.168.1.1')).toBe(false);
    expect(isExternal('198.51.100.7')).toBe(false);
    expect(isExternal('hello')).toBe(false);
  });
});

describe('ipv4HostOf', () => {
  it.each([
    ['::ffff:45.9.148.3', 0x2d099403],
    ['64:ff9b::2d09:9403', 0x2d099403],
    ['64:ff9b:1::2d09:9403', undefined], // local-use translator: not a global name for the IPv4 host
    ['2002:2d09:9403::1', undefined], // 6to4: an IPv6 host behind the router 45.9.148.3
    ['2001:0:4136:e378:8000:63bf:d2f6:6bfc', undefined], // Teredo: an IPv6 host behind the NAT 45.9.148.3
    ['2606:4700:4700::1111', undefined],
  ])('gives the IPv4 host that %s stands for, if any', (address, host) => {
    expect(ipv4HostOf(parseIPv6(address)!)).toBe(host);
  });
});
