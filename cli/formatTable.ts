/** Render rows as a plain-text table with a header rule; cells are cut to `maxWidth` with an ellipsis. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = 60): string {
  const cut = (s: string): string => {
    const flat = s.replace(/\s+/g, ' ');
    return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const cells = rows.map((r) => r.map(cut));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
