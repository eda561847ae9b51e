import { cidrCondition } from './cidrCondition.js';
import type { ExclusionCondition } from './exclusionCondition.js';
import { globCondition } from './globCondition.js';
import { re2Condition } from './re2Condition.js';

/**
 * One address seen in one command line, with what it was seen with (aggregateFindings fills it per host × account
 * pair). Fields a row lacks are left out. These are the fields exclusion conditions can read.
 */
export interface Sighting {
  /** Normalized address (FoundAddress.address). */
  ip: string;
  process?: string;
  host?: string;
  account?: string;
  commandLine?: string;
}

/**
 * Every condition an exclusion rule can have, in the order they are checked, described and listed in messages. Adding a
 * condition is adding it here (with a field on Sighting if it reads a new one); parsing, validation messages, default
 * reasons and matching follow from this list.
 */
const conditions = [
  cidrCondition('ip', (s: Sighting) => s.ip),
  // Process is a file name in SecurityEvent; a full path (NewProcessName) matches by its whole text or its file name.
  globCondition('process', (s: Sighting) => s.process, { matchFileName: true }),
  globCondition('host', (s: Sighting) => s.host),
  globCondition('account', (s: Sighting) => s.account),
  re2Condition('commandLine', (s: Sighting) => s.commandLine),
] as const;

type Condition = (typeof conditions)[number];

/** The parsed value of each condition a rule has, by key (`{ host: 'build-*', ip: { cidr, source } }`). */
export type ExclusionConditionValues = {
  readonly [C in Condition as C['key']]?: C extends ExclusionCondition<string, infer V, Sighting> ? V : never;
};

/** A condition with its value type erased, for code that handles every condition alike. */
export type AnyExclusionCondition = ExclusionCondition<string, unknown, Sighting>;

/**
 * Every condition an exclusion rule can have, with value types erased so rule parsing and compiling handle them alike.
 * Method parameters are bivariant, so each condition fits; a value only ever reaches the condition that parsed it.
 */
export const exclusionConditions: readonly AnyExclusionCondition[] = conditions;

/** The keys of every condition, in list order (for messages such as "needs at least one condition (…)"). */
export const exclusionConditionKeys: readonly string[] = exclusionConditions.map((c) => c.key);

/** Each condition a rule has, with its value, in list order. */
export function conditionsOf(values: ExclusionConditionValues): { condition: AnyExclusionCondition; value: unknown }[] {
  const byKey = values as Readonly<Record<string, unknown>>;
  return exclusionConditions.flatMap((condition) => {
    const value = byKey[condition.key];
    return value === undefined ? [] : [{ condition, value }];
  });
}
