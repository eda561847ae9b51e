/**
 * Match a glob (`*` any run, `?` one character, everything else literal) against the whole value, case-insensitively.
 * Iterative with single-star backtracking: O(value × glob) at worst, never exponential, so a configured glob cannot
 * stall the hunt the way a backtracking regex could.
 */
export function matchGlob(glob: string, value: string): boolean {
  const g = glob.toLowerCase();
  const v = value.toLowerCase();
  let gi = 0;
  let vi = 0;
  let starGi = -1;
  let starVi = 0;
  while (vi < v.length) {
    const gc = g[gi];
    if (gc === '*') {
      starGi = gi++;
      starVi = vi;
    } else if (gc !== undefined && (gc === '?' || gc === v[vi])) {
      gi++;
      vi++;
    } else if (starGi !== -1) {
      gi = starGi + 1;
      vi = ++starVi;
    } else {
      return false;
    }
  }
  while (g[gi] === '*') gi++;
  return gi === g.length;
}
