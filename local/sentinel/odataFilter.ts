/**
 * The subset of OData `$filter` and `$orderby` the local Sentinel server understands, over a resource's `properties`:
 *   properties/labels/any(l: l/labelName eq 'x')           — what list-by-label sends
 *   properties/<field> eq|ne|gt|ge|lt|le <'text' | number | ISO date-time>
 *   contains(properties/<field>, 'text')
 * joined with `and`. Anything else is rejected with a message, never silently ignored.
 */

export type Predicate = (properties: Record<string, unknown>) => boolean;

export class ODataError extends Error {
  override name = 'ODataError' as const;
}

/** Split on top-level ` and ` (outside quotes and parentheses). */
function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')') depth -= 1;
    else if (!quoted && depth === 0 && /^\s+and\s+/i.test(text.slice(i)) && /\s/.test(c!)) {
      const match = /^\s+and\s+/i.exec(text.slice(i))!;
      parts.push(text.slice(start, i));
      i += match[0].length - 1;
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function literal(text: string): string | number | Date {
  const t = text.trim();
  if (/^'.*'$/s.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z?$/i.test(t)) return new Date(t);
  throw new ODataError(`unsupported literal ${t}`);
}

function compare(actual: unknown, expected: string | number | Date): number | undefined {
  if (actual === undefined || actual === null) return undefined;
  if (expected instanceof Date) {
    const time = new Date(String(actual)).getTime();
    return Number.isNaN(time) ? undefined : Math.sign(time - expected.getTime());
  }
  if (typeof expected === 'number') return typeof actual === 'number' ? Math.sign(actual - expected) : undefined;
  return String(actual).toLowerCase() === expected.toLowerCase() ? 0 : String(actual) < expected ? -1 : 1;
}

function term(text: string): Predicate {
  const any = /^properties\/labels\/any\(\s*(\w+)\s*:\s*\1\/labelName\s+eq\s+('(?:[^']|'')*')\s*\)$/i.exec(text);
  if (any) {
    const wanted = String(literal(any[2]!)).toLowerCase();
    return (p) => Array.isArray(p['labels']) && p['labels'].some((l) => String((l as { labelName?: unknown }).labelName).toLowerCase() === wanted);
  }
  const contains = /^contains\(\s*properties\/(\w+)\s*,\s*('(?:[^']|'')*')\s*\)$/i.exec(text);
  if (contains) {
    const field = contains[1]!;
    const wanted = String(literal(contains[2]!)).toLowerCase();
    return (p) => typeof p[field] === 'string' && (p[field] as string).toLowerCase().includes(wanted);
  }
  const comparison = /^properties\/(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+)$/i.exec(text);
  if (comparison) {
    const field = comparison[1]!;
    const op = comparison[2]!.toLowerCase();
    const expected = literal(comparison[3]!);
    return (p) => {
      const c = compare(p[field], expected);
      if (op === 'ne') return c !== 0;
      if (c === undefined) return false;
      return op === 'eq' ? c === 0 : op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
    };
  }
  throw new ODataError(`unsupported filter expression "${text}"`);
}

/** Parse `$filter`; throws ODataError naming the part it does not support. */
export function parseFilter(filter: string | null): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  if (/\s+or\s+/i.test(filter.replace(/'(?:[^']|'')*'/g, "''"))) throw new ODataError('"or" is not supported by the local server');
  const predicates = splitAnd(filter.trim()).map(term);
  return (p) => predicates.every((predicate) => predicate(p));
}

/** Parse `$orderby` (`properties/<field> [asc|desc]`, one key) into a comparator over properties. */
export function parseOrderBy(orderby: string | null): ((a: Record<string, unknown>, b: Record<string, unknown>) => number) | undefined {
  if (orderby === null || orderby.trim() === '') return undefined;
  const match = /^properties\/(\w+)(?:\s+(asc|desc))?$/i.exec(orderby.trim());
  if (!match) throw new ODataError(`unsupported $orderby "${orderby}"`);
  const field = match[1]!;
  const sign = match[2]?.toLowerCase() === 'desc' ? -1 : 1;
  return (a, b) => {
    const x = a[field];
    const y = b[field];
    if (x === y) return 0;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  };
}
