import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseHuntWindow, windowLimitProblem } from '../../src/hunt/parseHuntWindow.js';

const limits = { maxWindowMs: 86_400_000, now: new Date('2026-11-27T12:00:00Z') };
const options = {
  names: { lookback: '--lookback', start: '--start', end: '--end' },
  limits,
  readDate: (value: unknown) => new Date(String(value)),
};

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseHuntWindow', () => {
  it('makes no choice when no window field is given', () => {
    expect(parseHuntWindow({}, options)).toEqual({});
  });

  it('reads a lookback and an explicit window within the limits', () => {
    expect(parseHuntWindow({ lookback: 'PT6H' }, options)).toEqual({ lookbackMs: 6 * 3_600_000 });
    expect(parseHuntWindow({ start: '2026-11-27T00:00:00Z', end: '2026-11-27T12:00:00Z' }, options)).toEqual({
      window: { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-27T12:00:00Z') },
    });
  });

  it('names each field as the caller does', () => {
    expect(inputError(() => parseHuntWindow({ lookback: 'PT1H', end: 'x' }, options))).toMatchObject({
      field: '--lookback',
      message: '--lookback: give either --lookback or --start/--end, not both',
    });
    expect(inputError(() => parseHuntWindow({ end: '2026-11-27T00:00:00Z' }, options)).message).toBe('--start: is required with --end');
    expect(inputError(() => parseHuntWindow({ lookback: 'P2D' }, options)).message).toBe('--lookback: P2D is longer than HUNT_MAX_WINDOW (P1D)');
  });

  it('refuses a window that ends in the future or is longer than HUNT_MAX_WINDOW', () => {
    expect(inputError(() => parseHuntWindow({ start: '2026-11-27T11:00:00Z', end: '2026-11-27T12:00:01Z' }, options)).message).toBe(
      '--end: must not be in the future',
    );
    expect(inputError(() => parseHuntWindow({ start: '2026-11-26T11:59:59Z', end: '2026-11-27T12:00:00Z' }, options)).message).toBe(
      '--start: the window is longer than HUNT_MAX_WINDOW (P1D)',
    );
  });
});

describe('windowLimitProblem', () => {
  it('accepts a window that ends now and is exactly HUNT_MAX_WINDOW long', () => {
    expect(windowLimitProblem({ start: new Date('2026-11-26T12:00:00Z'), end: limits.now }, limits)).toBeUndefined();
  });
});
