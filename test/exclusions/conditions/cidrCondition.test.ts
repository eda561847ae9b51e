import { describe, expect, it } from 'vitest';
import { cidrCondition } from '../../../src/exclusions/conditions/cidrCondition.js';

interface Probe {
  address?: string;
}

const condition = cidrCondition('address', (p: Probe) => p.address);

describe('cidrCondition', () => {
  it('reads a CIDR, address or dotted prefix into canonical form and refuses anything else', () => {
    expect(condition.parse('10.1.')).toEqual({ value: { cidr: '10.1.0.0/16', source: '10.1.' } });
    expect(condition.parse('10.0.0.0/33')).toEqual({ problem: '"10.0.0.0/33" is not a valid CIDR' });
  });

  it('matches addresses inside the range, IPv4 and IPv6, and not a sighting without one', () => {
    const v4 = condition.compile({ cidr: '45.9.148.0/24', source: '45.9.148.0/24' });
    expect(v4({ address: '45.9.148.3' })).toBe(true);
    expect(v4({ address: '45.9.149.3' })).toBe(false);
    expect(v4({})).toBe(false);
    const v6 = condition.compile({ cidr: '2001:db8::/32', source: '2001:db8::/32' });
    expect(v6({ address: '2001:db8::5' })).toBe(true);
    expect(v6({ address: '2001:db9::5' })).toBe(false);
  });

  it('describes itself by the canonical CIDR', () => {
    expect(condition.describe({ cidr: '45.9.148.3/32', source: '45.9.148.3' })).toBe('address 45.9.148.3/32');
  });
});
