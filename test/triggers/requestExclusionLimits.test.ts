import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { re2ProgramSize } from '../../src/exclusions/conditions/re2Condition.js';
import { parseHuntRequestBody } from '../../src/triggers/parseHuntRequestBody.js';
import { REQUEST_EXCLUSION_LIMITS } from '../../src/triggers/requestExclusionLimits.js';
import { testConfig } from '../support/testSettings.js';

const config = testConfig();
const now = new Date('2026-11-27T12:00:00Z');

function rejection(exclusions: unknown): InputError {
  try {
    parseHuntRequestBody({ exclusions }, config, now);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('limits on the exclusions a request brings', () => {
  it('measures an RE2 pattern by the program it compiles to', () => {
    expect(re2ProgramSize('foo')).toBeLessThan(10);
    expect(re2ProgramSize('a{1000}')).toBeGreaterThan(1000);
    expect(re2ProgramSize('(x{999}|y{999}|z{999})')).toBeGreaterThan(REQUEST_EXCLUSION_LIMITS.compiledSize);
    expect(re2ProgramSize('(')).toBe(0);
  });

  it('accepts a request at every limit', () => {
    const rules = Array.from({ length: REQUEST_EXCLUSION_LIMITS.rules }, (_, i) => ({ commandLine: `tool${i} --ip \\d+`, reason: 'x'.repeat(REQUEST_EXCLUSION_LIMITS.valueChars) }));
    const cidrs = Array.from({ length: REQUEST_EXCLUSION_LIMITS.cidrs }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const request = parseHuntRequestBody({ exclusions: { cidrs, rules } }, config, now);
    expect(request.extraExclusions?.rules).toHaveLength(REQUEST_EXCLUSION_LIMITS.rules);
    expect(request.extraExclusions?.cidrs).toHaveLength(REQUEST_EXCLUSION_LIMITS.cidrs);
  });

  it('refuses more rules or CIDRs than a request may bring, naming the field and the limit', () => {
    const tooManyRules = rejection({ rules: Array.from({ length: REQUEST_EXCLUSION_LIMITS.rules + 1 }, () => ({ host: 'h' })) });
    expect(tooManyRules.field).toBe('exclusions.rules');
    expect(tooManyRules.message).toContain(`at most ${REQUEST_EXCLUSION_LIMITS.rules}`);
    const tooManyCidrs = rejection({ cidrs: Array.from({ length: REQUEST_EXCLUSION_LIMITS.cidrs + 1 }, () => '10.0.0.0/8') });
    expect(tooManyCidrs.field).toBe('exclusions.cidrs');
    expect(tooManyCidrs.message).toContain(`at most ${REQUEST_EXCLUSION_LIMITS.cidrs}`);
  });

  it('refuses a value longer than the limit before compiling it', () => {
    const error = rejection({ rules: [{ host: 'h' }, { commandLine: 'a'.repeat(REQUEST_EXCLUSION_LIMITS.valueChars + 1) }] });
    expect(error.field).toBe('exclusions.rules[1].commandLine');
  });

  it('refuses rules whose patterns together compile to more than the limit, naming the rule that crossed it', () => {
    const error = rejection({ rules: [{ commandLine: 'a{900}' }, { commandLine: 'b{900}' }, { commandLine: 'c{900}' }] });
    expect(error.field).toBe('exclusions.rules[2].commandLine');
    expect(error.message).toContain(`at most ${REQUEST_EXCLUSION_LIMITS.compiledSize}`);
  });
});
