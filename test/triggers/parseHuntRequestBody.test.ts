import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseHuntRequestBody } from '../../src/triggers/parseHuntRequestBody.js';
import { testConfig } from '../support/testSettings.js';

const config = testConfig();
const now = new Date('2026-11-27T12:00:00Z');

function fieldOf(body: unknown): string {
  try {
    parseHuntRequestBody(body, config, now);
  } catch (error) {
    if (error instanceof InputError) return error.field;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseHuntRequestBody', () => {
  it('hunts HUNT_FIRST_LOOKBACK back from now for an empty body', () => {
    expect(parseHuntRequestBody(undefined, config, now)).toEqual({ trigger: 'http', lookbackMs: 86_400_000 });
  });

  it('accepts a lookback, a window, dryRun and extra exclusions', () => {
    expect(parseHuntRequestBody({ lookback: 'PT6H', dryRun: true }, config, now)).toEqual({ trigger: 'http', lookbackMs: 21_600_000, dryRun: true });
    const r = parseHuntRequestBody(
      {
        start: '2026-11-26T00:00:00Z',
        end: '2026-11-27T00:00:00Z',
        exclusions: { cidrs: ['45.9.148.0/24', '10.1.'], rules: [{ host: 'build-*', reason: 'build farm' }] },
      },
      config,
      now,
    );
    expect(r.window).toEqual({ start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') });
    expect(r.extraExclusions?.cidrs.map((c) => c.cidr)).toEqual(['45.9.148.0/24', '10.1.0.0/16']);
    expect(r.extraExclusions?.rules[0]).toMatchObject({ host: 'build-*', reason: 'build farm' });
  });

  it.each([
    [[], 'body'],
    ['x', 'body'],
    [{ lookbak: 'PT1H' }, 'lookbak'],
    [{ lookback: 'one hour' }, 'lookback'],
    [{ lookback: 'P30D' }, 'lookback'],
    [{ lookback: 'PT1H', start: '2026-11-26T00:00:00Z' }, 'lookback'],
    [{ start: '2026-11-26T00:00:00Z' }, 'end'],
    [{ end: '2026-11-26T00:00:00Z' }, 'start'],
    [{ start: 'yesterday', end: '2026-11-26T00:00:00Z' }, 'start'],
    [{ start: '2026-11-26T00:00:00', end: '2026-11-26T01:00:00Z' }, 'start'],
    [{ start: '2026-11-26T02:00:00Z', end: '2026-11-26T01:00:00Z' }, 'end'],
    [{ start: '2026-02-30T00:00:00Z', end: '2026-11-26T01:00:00Z' }, 'start'],
    [{ start: '2026-11-26T00:00:00Z', end: '2026-11-31T00:00:00Z' }, 'end'],
    [{ start: '1', end: '2026-11-26T01:00:00Z' }, 'start'],
    [{ start: '11/26/2026', end: '2026-11-26T01:00:00Z' }, 'start'],
    [{ start: '2026-11-27T11:00:00Z', end: '2026-11-28T00:00:00Z' }, 'end'],
    [{ start: '2026-10-01T00:00:00Z', end: '2026-11-26T00:00:00Z' }, 'start'],
    [{ dryRun: 'yes' }, 'dryRun'],
    [{ exclusions: [] }, 'exclusions'],
    [{ exclusions: { cidr: [] } }, 'exclusions.cidr'],
    [{ exclusions: { cidrs: ['10.0.0.0/33'] } }, 'exclusions.cidrs[0]'],
    [{ exclusions: { cidrs: [42] } }, 'exclusions.cidrs[0]'],
    [{ exclusions: { rules: [{ commandLine: '(' }] } }, 'exclusions.rules[0].commandLine'],
    [{ exclusions: { rules: [{ colour: 'red', host: 'x' }] } }, 'exclusions.rules[0]'],
    [{ exclusions: { rules: { host: 'x' } } }, 'exclusions.rules'],
    [{ exclusions: { rules: [{ host: 'x' }, { reason: 'no condition' }] } }, 'exclusions.rules[1]'],
  ])('rejects %j naming %s', (body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it('says what is wrong in the message', () => {
    expect(() => parseHuntRequestBody({ exclusions: { cidrs: ['10.0.0.0/33'] } }, config, now)).toThrow(
      'exclusions.cidrs[0]: "10.0.0.0/33" is not a valid CIDR',
    );
    expect(() => parseHuntRequestBody({ exclusions: { rules: [{ ip: '10.0.0.0/33' }] } }, config, now)).toThrow(
      'exclusions.rules[0].ip: "10.0.0.0/33" is not a valid CIDR',
    );
    expect(() => parseHuntRequestBody({ exclusions: { rules: 'host=x' } }, config, now)).toThrow('exclusions.rules: must be a JSON array of rule objects');
  });
});
