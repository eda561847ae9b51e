/**
 * Azure's naming rules for the names the app puts in request paths, as Microsoft documents them ("Naming rules and
 * restrictions for Azure resources"; "Understanding the Table service data model" for tables). A name outside them can
 * never exist, so every request built from it would fail (`..` in a resource group makes every Sentinel PUT a 404).
 * Each function returns why the name is invalid, or undefined.
 */

/** Resource groups: 1–90 letters or digits (any script), `_`, `-`, `.`, `(`, `)`; not ending in a period. */
export function resourceGroupNameProblem(name: string): string | undefined {
  if (name.length > 90) return 'is longer than 90 characters';
  if (!/^[\p{L}\p{N}_\-.()]+$/u.test(name)) return 'may hold only letters, digits, "_", "-", ".", "(" and ")"';
  if (name.endsWith('.')) return 'cannot end with a period';
  return undefined;
}

/** Log Analytics workspaces (Microsoft.OperationalInsights/workspaces): 4–63 letters, digits and hyphens, starting and ending with a letter or digit. */
export function workspaceNameProblem(name: string): string | undefined {
  if (name.length < 4 || name.length > 63) return 'must be 4 to 63 characters long';
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name)) return 'may hold only letters, digits and hyphens, and must start and end with a letter or digit';
  return undefined;
}

/** Table names the Table service reserves (it refuses to create them). */
const RESERVED_TABLE_NAMES = new Set(['tables']);

/**
 * Tables: letters and digits, not starting with a digit, 3–63 long, case-insensitive, not a reserved name. The app's
 * prefix is held to 41 characters so the tables named after it keep room for a suffix.
 */
export function tablePrefixProblem(prefix: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(prefix)) return 'may hold only letters and digits, starting with a letter';
  if (prefix.length < 3 || prefix.length > 41) return 'must be 3 to 41 characters long';
  if (RESERVED_TABLE_NAMES.has(prefix.toLowerCase())) return 'is a table name the Table service reserves';
  return undefined;
}
