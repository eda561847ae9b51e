import { describe, expect, it } from 'vitest';
import { parseCidrList } from '../../src/exclusions/exclusionInput.js';
import { isIndicator, severityFor } from '../../src/sentinel/severityFor.js';

const policy = (hosts: number, indicators = '') => ({ highSeverityHostCount: hosts, indicatorCidrs: parseCidrList(indicators).cidrs });

describe('severityFor', () => {
  it('is Medium below the host threshold', () => {
    expect(severityFor('203.0.113.5', 2, policy(3))).toBe('Medium');
  });

  it('is High at the host threshold', () => {
    expect(severityFor('203.0.113.5', 3, policy(3))).toBe('High');
  });

  it('is High when the IP is on the indicator list', () => {
    expect(severityFor('198.51.100.7', 1, policy(3, '198.51.100.0/24'))).toBe('High');
    expect(severityFor('198.51.101.7', 1, policy(3, '198.51.100.0/24'))).toBe('Medium');
  });

  it('matches IPv6 indicators and never mixes address families', () => {
    expect(isIndicator('2001:db8::5', parseCidrList('2001:db8::/32').cidrs)).toBe(true);
    expect(isIndicator('32.1.13.184', parseCidrList('2001:db8::/32').cidrs)).toBe(false);
    expect(isIndicator('not-an-ip', parseCidrList('0.0.0.0/0').cidrs)).toBe(false);
  });
});
