import type { SettingProblem } from '../errors.js';
import { formatIsoDuration, parseIsoDuration } from './isoDuration.js';

/** Raw app settings: process.env, or local.settings.json `Values`. */
export type Settings = Readonly<Record<string, string | undefined>>;

/**
 * Reads settings one by one, collecting every problem instead of stopping at the first,
 * so a misconfigured app reports all of them in one ConfigError.
 */
export class SettingReader {
  readonly problems: SettingProblem[] = [];
  constructor(private readonly settings: Settings) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.settings[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  problem(setting: string, message: string): void {
    this.problems.push({ setting, message });
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  required(name: string, why: string): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problem(name, `is required (${why})`);
      return '';
    }
    return value;
  }

  matching(name: string, fallback: string, pattern: RegExp, expected: string): string {
    const value = this.raw(name) ?? fallback;
    if (!pattern.test(value)) this.problem(name, `"${value}" is not ${expected}`);
    return value;
  }

  /** The value (or fallback), with the problem `problemOf` finds in it recorded (the message quotes the value). */
  checked(name: string, fallback: string, problemOf: (value: string) => string | undefined): string {
    const value = this.raw(name) ?? fallback;
    const problem = problemOf(value);
    if (problem !== undefined) this.problem(name, `"${value}" ${problem}`);
    return value;
  }

  /** A required name, held to the naming rules `problemOf` checks (the message quotes the value). */
  named(name: string, why: string, problemOf: (value: string) => string | undefined): string {
    const value = this.required(name, why);
    const problem = value === '' ? undefined : problemOf(value);
    if (problem !== undefined) this.problem(name, `"${value}" ${problem}`);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) {
      this.problem(name, `"${value}" is not a whole number`);
      return fallback;
    }
    const n = Number(value);
    if (n < min || n > max) {
      this.problem(name, `${n} is out of range (${min} to ${max})`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(value)) return true;
    if (/^(false|0|no)$/i.test(value)) return false;
    this.problem(name, `"${value}" is not a boolean (true or false)`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      this.problem(name, `"${value}" is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return match;
  }

  /** An ISO-8601 duration (`PT15M`, `P1D`, `P1DT12H`) in milliseconds. */
  duration(name: string, fallback: string, minMs: number, maxMs: number): number {
    const value = this.raw(name) ?? fallback;
    const ms = parseIsoDuration(value);
    if (ms === undefined) {
      this.problem(name, `"${value}" is not an ISO-8601 duration (e.g. PT15M, P1D)`);
      return parseIsoDuration(fallback) ?? 0;
    }
    if (ms < minMs || ms > maxMs) {
      this.problem(name, `"${value}" is out of range (${formatIsoDuration(minMs)} to ${formatIsoDuration(maxMs)})`);
      return parseIsoDuration(fallback) ?? 0;
    }
    return ms;
  }
}
