import { RE2JS } from 're2js';
import type { ExclusionCondition } from './exclusionCondition.js';

/** RE2 syntax check: returns the parser's message, or undefined when the pattern compiles. */
export function checkRe2(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    return `invalid RE2 pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The number of instructions RE2 compiles a pattern to: what compiling it costs, and what matching costs per character
 * (RE2 simulates its program over the input). 0 for a pattern that does not compile (parsing reports it).
 * NOTE: re2js 2.x keeps the program in `re2Input.prog.inst` (not public API); should that move, the pattern length is used.
 */
export function re2ProgramSize(pattern: string): number {
  try {
    const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE) as unknown as { re2Input?: { prog?: { inst?: unknown[] } } };
    return compiled.re2Input?.prog?.inst?.length ?? pattern.length;
  } catch {
    return 0;
  }
}

/**
 * A condition whose value is an RE2 pattern searched for in one sighting field, case-insensitively. RE2 runs in linear
 * time, so no configured pattern can stall the hunt (ReDoS).
 */
export function re2Condition<K extends string, S>(key: K, read: (sighting: S) => string | undefined): ExclusionCondition<K, string, S> {
  return Object.freeze({
    key,
    parse(text: string) {
      const problem = checkRe2(text);
      return problem === undefined ? { value: text } : { problem };
    },
    describe: (pattern: string) => `${key} /${pattern}/`,
    compiledSize: re2ProgramSize,
    compile(pattern: string) {
      const regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
      return (sighting: S) => {
        const value = read(sighting);
        return value !== undefined && regex.test(value);
      };
    },
  });
}
