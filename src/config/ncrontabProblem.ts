/**
 * The timer trigger's six-field NCRONTAB expression, `{second} {minute} {hour} {day} {month} {day-of-week}`, checked field
 * by field with the ranges and forms Microsoft documents ("Timer trigger for Azure Functions", NCRONTAB expressions): a
 * value, `*`, a range `a-b`, a list `a,b`, a step `*\/n` or `a-b/n`; months and days of the week also by English
 * three-letter name (`Jan`, `Mon`). The host refuses anything else at start-up, so the app reports it first, by name.
 */

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldRule[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function valueOf(text: string, rule: FieldRule): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= rule.min && n <= rule.max ? n : undefined;
  }
  const named = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  return named < 0 ? undefined : rule.min + named;
}

function partProblem(part: string, rule: FieldRule): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || range === undefined || range === '') return `"${part}" is not a value, range or step`;
  if (step !== undefined && (!/^\d{1,2}$/.test(step) || Number(step) < 1 || Number(step) > rule.max - rule.min + 1)) {
    return `step "/${step}" is out of range (1 to ${rule.max - rule.min + 1})`;
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `"${range}" is not a range`;
  const values = bounds.map((b) => valueOf(b, rule));
  if (values.some((v) => v === undefined)) return `"${range}" is out of range (${rule.min} to ${rule.max}${rule.names ? ' or a name' : ''})`;
  if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" runs backwards`;
  return undefined;
}

/** Why the expression is not a valid six-field NCRONTAB schedule, naming the field; undefined when it is. */
export function ncrontabProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return `has ${fields.length} field(s); NCRONTAB has six: {second} {minute} {hour} {day} {month} {day-of-week}`;
  for (let i = 0; i < FIELDS.length; i++) {
    const rule = FIELDS[i]!;
    for (const part of fields[i]!.split(',')) {
      const problem = partProblem(part, rule);
      if (problem !== undefined) return `${rule.name} field: ${problem}`;
    }
  }
  return undefined;
}
