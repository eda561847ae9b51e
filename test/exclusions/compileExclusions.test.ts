import { describe, expect, it } from 'vitest';
import { compileExclusions } from '../../src/exclusions/compileExclusions.js';
import { parseCidrList, parseExclusionRules, type ExclusionInput } from '../../src/exclusions/exclusionInput.js';

const NOW = new Date('2026-06-01T00:00:00Z');

function input(cidrs: string, rules: unknown[] = []): ExclusionInput {
  const parsedRules = parseExclusionRules(rules, 'EXCLUSION_RULES');
  expect(parsedRules.problems).toEqual([]);
  return { cidrs: parseCidrList(cidrs).cidrs, rules: parsedRules.rules };
}

describe('compileExclusions', () => {
  it('lists exclusions of a whole address family, which turn detection off for it', () => {
    expect(compileExclusions(input('0.0.0.0/0, 10.0.0.0/8, ::/0'), NOW).wholeFamily).toEqual(['EXCLUDED_CIDRS 0.0.0.0/0', 'EXCLUDED_CIDRS ::/0']);
    expect(compileExclusions(input('10.0.0.0/8'), NOW).wholeFamily).toEqual([]);
  });

  it('excludes addresses inside EXCLUDED_CIDRS wherever they are seen, naming the range', () => {
    const exclusions = compileExclusions(input('168.63.129.16, 10.1., 2001:db8::/32'), NOW);
    expect(exclusions.match({ ip: '168.63.129.16', host: 'any' })).toEqual({
      rule: 'EXCLUDED_CIDRS 168.63.129.16/32',
      reason: 'in excluded range 168.63.129.16/32 (configured as "168.63.129.16")',
    });
    expect(exclusions.match({ ip: '10.1.200.3' })?.rule).toBe('EXCLUDED_CIDRS 10.1.0.0/16');
    expect(exclusions.match({ ip: '10.1.200.3' })?.reason).toContain('configured as "10.1."');
    expect(exclusions.match({ ip: '2001:db8::5' })?.rule).toBe('EXCLUDED_CIDRS 2001:db8::/32');
    expect(exclusions.match({ ip: '45.9.148.3' })).toBeUndefined();
  });

  it('matches a rule only when every condition it has matches', () => {
    const exclusions = compileExclusions(
      input('', [{ ip: '45.9.148.0/24', process: 'curl.exe', host: 'BUILD-*', reason: 'build mirror' }]),
      NOW,
    );
    const sighting = { ip: '45.9.148.3', process: 'curl.exe', host: 'build-07', account: 'x', commandLine: 'curl ...' };
    expect(exclusions.match(sighting)).toEqual({ rule: 'EXCLUSION_RULES[0]', reason: 'build mirror' });
    expect(exclusions.match({ ...sighting, ip: '45.9.149.3' })).toBeUndefined();
    expect(exclusions.match({ ...sighting, process: 'powershell.exe' })).toBeUndefined();
    expect(exclusions.match({ ...sighting, host: 'LAPTOP-1' })).toBeUndefined();
  });

  it('does not match a condition on a field the sighting lacks', () => {
    const exclusions = compileExclusions(input('', [{ host: '*' }]), NOW);
    expect(exclusions.match({ ip: '45.9.148.3' })).toBeUndefined();
    expect(exclusions.match({ ip: '45.9.148.3', host: 'h' })?.rule).toBe('EXCLUSION_RULES[0]');
  });

  it('matches a process glob against a full image path by its file name', () => {
    const exclusions = compileExclusions(input('', [{ process: 'WaSecAgentProv.exe' }]), NOW);
    expect(exclusions.match({ ip: '168.63.129.16', process: 'C:\\WindowsAzure\\SecAgent\\WaSecAgentProv.exe' })).toBeDefined();
  });

  it('searches command lines with a case-insensitive RE2 pattern', () => {
    const exclusions = compileExclusions(input('', [{ commandLine: '-startPoll\\s+C:\\\\WindowsAzure' }]), NOW);
    expect(exclusions.match({ ip: '168.63.129.16', commandLine: '"x.exe" -STARTPOLL c:\\windowsazure\\Logs\\ 168.63.129.16' })).toBeDefined();
    expect(exclusions.match({ ip: '168.63.129.16', commandLine: 'ping 168.63.129.16' })).toBeUndefined();
  });

  it('describes a rule without a reason by its conditions', () => {
    const exclusions = compileExclusions(input('', [{ account: 'svc_*', ip: '45.9.148.3' }]), NOW);
    expect(exclusions.match({ ip: '45.9.148.3', account: 'SVC_scan' })?.reason).toBe('matched ip 45.9.148.3/32, account svc_*');
  });

  it('ignores and reports expired rules', () => {
    const exclusions = compileExclusions(
      input('', [
        { host: 'old-*', expires: '2026-05-31', reason: 'migration' },
        { host: 'new-*', expires: '2026-06-30' },
      ]),
      NOW,
    );
    expect(exclusions.expired).toEqual([{ rule: 'EXCLUSION_RULES[0]', expires: new Date('2026-05-31T23:59:59.999Z'), reason: 'migration' }]);
    expect(exclusions.match({ ip: '45.9.148.3', host: 'old-1' })).toBeUndefined();
    expect(exclusions.match({ ip: '45.9.148.3', host: 'new-1' })?.rule).toBe('EXCLUSION_RULES[1]');
  });

  it('checks EXCLUDED_CIDRS before rules', () => {
    const exclusions = compileExclusions(input('45.9.148.0/24', [{ host: '*' }]), NOW);
    expect(exclusions.match({ ip: '45.9.148.3', host: 'h' })?.rule).toBe('EXCLUDED_CIDRS 45.9.148.0/24');
  });
});
