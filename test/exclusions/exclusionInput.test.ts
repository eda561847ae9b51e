import { describe, expect, it } from 'vitest';
import { checkRe2, parseCidrEntry, parseCidrList, parseExclusionRules, splitList } from '../../src/exclusions/exclusionInput.js';

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

describe('parseCidrList and splitList', () => {
  it('splits on commas, semicolons, spaces and newlines and skips empty and quoted-empty items', () => {
    expect(splitList('10.0.0.0/8, "172.16.0.0/12";\n192.168.0.0/16  ""')).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  });

  it('returns every valid CIDR and every problem', () => {
    const { cidrs, problems } = parseCidrList('10.0.0.0/8 bad 1.2.3.4/40 ::1');
    expect(cidrs.map((c) => c.cidr)).toEqual(['10.0.0.0/8', '::1/128']);
    expect(problems).toHaveLength(2);
  });
});

describe('parseExclusionRules', () => {
  it('reads every field of a valid rule', () => {
    const { rules, problems } = parseExclusionRules(
      [{ ip: '168.63.129.0/24', process: '*agent*.exe', host: 'AZ-*', account: 'NT AUTHORITY\\*', commandLine: 'WaSecAgentProv', reason: 'Azure agent', expires: '2030-01-31' }],
      'EXCLUSION_RULES',
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual([
      {
        id: 'EXCLUSION_RULES[0]',
        ip: { cidr: '168.63.129.0/24', source: '168.63.129.0/24' },
        process: '*agent*.exe',
        host: 'AZ-*',
        account: 'NT AUTHORITY\\*',
        commandLine: 'WaSecAgentProv',
        reason: 'Azure agent',
        expires: new Date('2030-01-31T23:59:59.999Z'),
      },
    ]);
  });

  it('reports every problem with the rule position and field', () => {
    const { rules, problems } = parseExclusionRules(
      [
        'not an object',
        { ip: '10.0.0.0/33' },
        { host: '' },
        { commandLine: '(?=lookahead)' },
        { expires: 'next week', host: 'x' },
        { colour: 'red', host: 'x' },
        { reason: 'no condition' },
        { host: 'FINE' },
      ],
      'EXCLUSION_RULES',
    );
    expect(problems).toEqual([
      '[0]: must be an object',
      '[1].ip: "10.0.0.0/33" is not a valid CIDR',
      '[2].host: must be a non-empty string',
      expect.stringMatching(/^\[3\]\.commandLine: invalid RE2 pattern: /),
      '[4].expires: "next week" is not an ISO-8601 date',
      expect.stringMatching(/^\[5\]: unknown key "colour"/),
      '[6]: needs at least one condition (ip, process, host, account, commandLine)',
    ]);
    expect(rules.map((r) => r.id)).toEqual(['EXCLUSION_RULES[7]']);
  });

  it('requires an array', () => {
    expect(parseExclusionRules({ host: 'x' }, 'EXCLUSION_RULES').problems).toEqual(['must be a JSON array of rule objects']);
  });
});

describe('checkRe2', () => {
  it('accepts RE2 syntax and refuses backreferences and lookarounds', () => {
    expect(checkRe2('certutil.*-urlcache')).toBeUndefined();
    expect(checkRe2('(a)\\1')).toMatch(/invalid RE2 pattern/);
  });
});
