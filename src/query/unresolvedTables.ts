import { unresolvedLegsOnly, type QueryErrorInfo } from './unresolvedLegs.js';

/**
 * The source tables a partial error reports as missing, when that is all it reports: every unresolved fuzzy-union leg
 * it names (unresolvedLegsOnly) is one of `fuzzyTables`, the tables the hunting query's source legs read. Undefined
 * for anything else, which the caller keeps treating as a partial failure (README "Process-creation sources").
 */
export function unresolvedTablesOnly(partialError: unknown, fuzzyTables: readonly string[]): string[] | undefined {
  if (partialError === null || typeof partialError !== 'object') return undefined;
  const names = unresolvedLegsOnly(partialError as QueryErrorInfo);
  if (!names || names.length === 0) return undefined;
  return names.every((name) => fuzzyTables.includes(name)) ? names : undefined;
}
