import { describe, expect, it } from 'vitest';
import { exclusionConditionKeys } from '../../src/exclusions/conditions/exclusionConditions.js';
import { formatExclusionProblem, parseCidrList, parseExclusionRules, splitList } from '../../src/exclusions/exclusionInput.js';

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
      { path: '[0]', message: 'must be an object' },
      { path: '[1].ip', message: '"10.0.0.0/33" is not a valid CIDR' },
      { path: '[2].host', message: 'must be a non-empty string' },
      { path: '[3].commandLine', message: expect.stringMatching(/^invalid RE2 pattern: /) },
      { path: '[4].expires', message: '"next week" is not an ISO-8601 date' },
      { path: '[5]', message: `unknown key "colour" (expected one of ${[...exclusionConditionKeys, 'reason', 'expires'].join(', ')})` },
      { path: '[6]', message: `needs at least one condition (${exclusionConditionKeys.join(', ')})` },
    ]);
    expect(problems.map(formatExclusionProblem)).toEqual([
      '[0]: must be an object',
      '[1].ip: "10.0.0.0/33" is not a valid CIDR',
      '[2].host: must be a non-empty string',
      expect.stringMatching(/^\[3\]\.commandLine: invalid RE2 pattern: /),
      '[4].expires: "next week" is not an ISO-8601 date',
      expect.stringMatching(/^\[5\]: unknown key "colour"/),
      `[6]: needs at least one condition (${exclusionConditionKeys.join(', ')})`,
    ]);
    expect(rules.map((r) => r.id)).toEqual(['EXCLUSION_RULES[7]']);
  });

  it('requires an array', () => {
    const { problems } = parseExclusionRules({ host: 'x' }, 'EXCLUSION_RULES');
    expect(problems).toEqual([{ path: '', message: 'must be a JSON array of rule objects' }]);
    expect(problems.map(formatExclusionProblem)).toEqual(['must be a JSON array of rule objects']);
  });
});
