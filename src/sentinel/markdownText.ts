/**
 * Escape untrusted text (command lines come from the attacker's side) for one cell of a markdown table:
 * no line breaks, `|` escaped so the table keeps its shape, markdown emphasis and links neutralised,
 * and HTML metacharacters as entities so nothing renders as markup in the portal.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** Shorten to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
