/** What the query API says of a non-fatal problem (the SDK's `LogsErrorInfo`, its details without `innererror`). */
export interface QueryErrorInfo {
  readonly code?: string;
  readonly message?: string;
  readonly details?: readonly { readonly code?: string; readonly message?: string }[];
}

// "Failed to resolve table or column expression named 'X'" (Kusto's wording for an unresolved fuzzy-union leg); the
// quoted name is the table or function. The wording is [inferred] from reports, so anything else is not matched.
const UNRESOLVED = /fail(?:ed)? to resolve (?:table|function|scalar|entity)[^']*'([^']+)'/i;

/**
 * The tables or functions a partial error reports as unresolved legs of a `union isfuzzy=true`, when that is ALL it
 * reports; undefined when it reports anything else (or nothing it names). The union operator docs: with `isfuzzy=true`
 * an unresolved leg "yields a warning in the query status results" and the query runs; the SDK surfaces any such status
 * as a PartialFailure. A query whose legs read optional tables treats this case as success with those tables skipped,
 * and every other partial error as what it is.
 */
export function unresolvedLegsOnly(error: QueryErrorInfo): string[] | undefined {
  const details = error.details && error.details.length > 0 ? error.details : [error];
  const names: string[] = [];
  for (const detail of details) {
    const match = UNRESOLVED.exec(detail.message ?? '');
    if (!match) return undefined;
    names.push(match[1]!);
  }
  return [...new Set(names)];
}
