import { describe, expect, it } from 'vitest';
import { carryOverPending } from '../../src/hunt/carryOverPending.js';
import { finding, hostsOf } from '../sentinel/sentinelFixtures.js';

const excluding = (...ips: string[]) => ({
  match: (s: { ip: string }) => (ips.includes(s.ip) ? { rule: `EXCLUDED_CIDRS ${s.ip}`, reason: 'allowed' } : undefined),
});

describe('carryOverPending', () => {
  it('merges a pending finding into this run’s one for the same IP and appends the pending ones not seen again', () => {
    const detected = [finding('1.1.1.1', { hosts: ['ws2'] }), finding('2.2.2.2')];
    const pending = [finding('1.1.1.1', { hosts: ['ws1'] }), finding('3.3.3.3')];
    const joined = carryOverPending(detected, pending, excluding(), 10);
    expect(joined.findings.map((f) => f.ip)).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3']);
    expect(hostsOf(joined.findings[0]!)).toEqual(['ws1', 'ws2']);
    expect(joined.carriedOverIps).toEqual(['1.1.1.1', '3.3.3.3']);
    expect(joined.excludedPendingIps).toEqual([]);
  });

  it('drops a pending finding that an exclusion now removes', () => {
    const joined = carryOverPending([finding('2.2.2.2')], [finding('3.3.3.3'), finding('4.4.4.4')], excluding('3.3.3.3'), 10);
    expect(joined.findings.map((f) => f.ip)).toEqual(['2.2.2.2', '4.4.4.4']);
    expect(joined.carriedOverIps).toEqual(['4.4.4.4']);
    expect(joined.excludedPendingIps).toEqual(['3.3.3.3']);
  });

  it('hides a pending IP that only this run’s own exclusions match, and keeps it in state', () => {
    const joined = carryOverPending([finding('2.2.2.2')], [finding('3.3.3.3'), finding('4.4.4.4')], excluding(), 10, excluding('3.3.3.3'));
    expect(joined.findings.map((f) => f.ip)).toEqual(['2.2.2.2', '4.4.4.4']);
    expect(joined.hiddenPendingIps).toEqual(['3.3.3.3']);
    expect(joined.excludedPendingIps).toEqual([]);
  });

  it('keeps this run’s findings as they are when nothing is pending', () => {
    const detected = [finding('2.2.2.2')];
    expect(carryOverPending(detected, [], excluding(), 10)).toEqual({ findings: detected, carriedOverIps: [], excludedPendingIps: [], hiddenPendingIps: [] });
  });
});
