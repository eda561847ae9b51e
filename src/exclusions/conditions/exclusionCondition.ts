/** A condition's configured value, or why the configured text cannot be one (a message without the rule's position). */
export type ConditionParse<V> = { readonly value: V } | { readonly problem: string };

/**
 * One kind of condition an exclusion rule can have (`ip`, `host`, …): how its configured text is read, how it reads in a
 * default reason, and how it is matched against a sighting. The list of conditions is in exclusionConditions.ts; rule
 * parsing (exclusionInput.ts) and compilation (compileExclusions.ts) only iterate it.
 */
export interface ExclusionCondition<K extends string, V, S> {
  /** The rule's key in configuration (EXCLUSION_RULES, a request's extra rules). */
  readonly key: K;
  /** Read the configured text (already checked to be a non-empty string). */
  parse(text: string): ConditionParse<V>;
  /** How the condition reads in the reason of a rule that gives none, e.g. `host build-*`. */
  describe(value: V): string;
  /** A predicate over sightings; a condition on a field the sighting lacks does not match. */
  compile(value: V): (sighting: S) => boolean;
  /**
   * What compiling (and matching with) the configured text costs, in program instructions, for conditions whose cost
   * grows with the value (RE2); absent means a small constant. Used to bound rules a request brings.
   */
  compiledSize?(text: string): number;
}
