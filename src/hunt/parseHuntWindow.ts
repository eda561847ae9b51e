import { formatIsoDuration, parseIsoDuration } from '../config/isoDuration.js';
import { InputError } from '../errors.js';
import type { TimeWindow } from '../query/timeWindow.js';

/** The window fields of a request as the caller received them (HTTP body fields, CLI option values). */
export interface HuntWindowInput {
  readonly lookback?: unknown;
  readonly start?: unknown;
  readonly end?: unknown;
}

/** How the caller names each field in its errors: `lookback` in an HTTP body, `--lookback` on the command line. */
export interface HuntWindowFieldNames {
  readonly lookback: string;
  readonly start: string;
  readonly end: string;
}

/** What a requested window must respect: HUNT_MAX_WINDOW, and now (a window cannot end in the future). */
export interface HuntWindowLimits {
  readonly maxWindowMs: number;
  readonly now: Date;
}

export interface HuntWindowOptions {
  readonly names: HuntWindowFieldNames;
  readonly limits: HuntWindowLimits;
  /** Read one date-time value; throws InputError naming `field`. */
  readonly readDate: (value: unknown, field: string) => Date;
}

/** An explicit window, or a duration back from now; neither means the scheduled window. */
export interface HuntWindowChoice {
  readonly window?: TimeWindow;
  readonly lookbackMs?: number;
}

/** Why an explicit window is refused, if it is. */
export type WindowLimitProblem = 'endsInFuture' | 'longerThanMax';

/** Check an explicit window against the limits: it must not end after now nor be longer than HUNT_MAX_WINDOW. */
export function windowLimitProblem(window: TimeWindow, limits: HuntWindowLimits): WindowLimitProblem | undefined {
  if (window.end > limits.now) return 'endsInFuture';
  if (window.end.getTime() - window.start.getTime() > limits.maxWindowMs) return 'longerThanMax';
  return undefined;
}

/** `HUNT_MAX_WINDOW (P7D)`, as window errors name the limit. */
export function maxWindowLabel(limits: HuntWindowLimits): string {
  return `HUNT_MAX_WINDOW (${formatIsoDuration(limits.maxWindowMs)})`;
}

/**
 * Validate the window fields of a hunt request — `lookback`, or `start` with `end` — the same way for `POST /api/hunt`
 * and the CLI; throws InputError naming the first bad field as the caller names it. No field at all is no choice
 * (the caller picks its default).
 */
export function parseHuntWindow(input: HuntWindowInput, options: HuntWindowOptions): HuntWindowChoice {
  const { names, limits } = options;
  if (input.lookback !== undefined && (input.start !== undefined || input.end !== undefined)) {
    throw new InputError(names.lookback, `give either ${names.lookback} or ${names.start}/${names.end}, not both`);
  }
  if (input.lookback !== undefined) {
    const ms = typeof input.lookback === 'string' ? parseIsoDuration(input.lookback) : undefined;
    if (ms === undefined || ms <= 0) throw new InputError(names.lookback, 'must be a positive ISO-8601 duration, e.g. PT6H or P1D');
    if (ms > limits.maxWindowMs) throw new InputError(names.lookback, `${String(input.lookback)} is longer than ${maxWindowLabel(limits)}`);
    return { lookbackMs: ms };
  }
  if (input.start === undefined && input.end === undefined) return {};
  if (input.start === undefined) throw new InputError(names.start, `is required with ${names.end}`);
  if (input.end === undefined) throw new InputError(names.end, `is required with ${names.start}`);
  const start = options.readDate(input.start, names.start);
  const end = options.readDate(input.end, names.end);
  if (end <= start) throw new InputError(names.end, `must be after ${names.start}`);
  const window = { start, end };
  switch (windowLimitProblem(window, limits)) {
    case 'endsInFuture':
      throw new InputError(names.end, 'must not be in the future');
    case 'longerThanMax':
      throw new InputError(names.start, `the window is longer than ${maxWindowLabel(limits)}`);
    case undefined:
      return { window };
  }
}
