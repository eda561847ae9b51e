import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../src/exclusions/parseExpiry.js';

describe('parseExpiry', () => {
  it('reads a date as the end of that day in UTC', () => {
    expect(parseExpiry('2026-12-31')).toEqual(new Date('2026-12-31T23:59:59.999Z'));
  });

  it('reads a date-time as written', () => {
    expect(parseExpiry('2026-12-31T08:00:00+01:00')).toEqual(new Date('2026-12-31T07:00:00Z'));
  });

  it('refuses text that is not a date', () => {
    expect(parseExpiry('next week')).toBeUndefined();
  });
});
