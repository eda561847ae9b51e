import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import { SECURITY_EVENT_COLUMNS } from '../../../local/tables/securityEventSchema.js';

function column(table: ReturnType<typeof parseTableRows>, name: string): readonly unknown[] | undefined {
  return table.values[table.columns.findIndex((c) => c.name === name)];
}

describe('parseTableRows', () => {
  it('knows all 218 SecurityEvent columns with their types', () => {
    expect(SECURITY_EVENT_COLUMNS).toHaveLength(218);
    const types = Object.fromEntries(SECURITY_EVENT_COLUMNS.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ TimeGenerated: 'datetime', EventID: 'int', CommandLine: 'string', _BilledSize: 'real', LogonType: 'int' });
  });

  it('reads JSON lines and a JSON array alike', () => {
    const line = { TimeGenerated: '2024-05-01T10:00:00.5Z', EventID: 4688, CommandLine: 'cmd' };
    const fromLines = parseTableRows('SecurityEvent', `${JSON.stringify(line)}\n\n${JSON.stringify(line)}\n`);
    const fromArray = parseTableRows('SecurityEvent', JSON.stringify([line, line]));
    expect(fromLines.rowCount).toBe(2);
    expect(fromArray.values).toEqual(fromLines.values);
    expect(column(fromLines, 'TimeGenerated')).toEqual([Date.parse('2024-05-01T10:00:00.5Z'), Date.parse('2024-05-01T10:00:00.5Z')]);
  });

  it('leaves missing columns at their defaults: "" for strings, null otherwise', () => {
    const table = parseTableRows('SecurityEvent', JSON.stringify([{ CommandLine: 'a' }, { EventID: 1 }]));
    expect(column(table, 'CommandLine')).toEqual(['a', '']);
    expect(column(table, 'EventID')).toEqual([null, 1]);
    // Columns no row mentions are not stored at all (the engine fills them on demand).
    expect(column(table, 'Computer')).toBeUndefined();
    expect(table.rows).toEqual([{ CommandLine: 'a' }, { EventID: 1 }]);
  });

  it('rejects a key that is not a column, naming it and the row number', () => {
    const text = `${JSON.stringify({ EventID: 1 })}\n${JSON.stringify({ Commandline: 'typo' })}`;
    expect(() => parseTableRows('SecurityEvent', text, 'events.jsonl')).toThrow(InputError);
    expect(() => parseTableRows('SecurityEvent', text, 'events.jsonl')).toThrow(
      'events.jsonl row 2: "Commandline" is not a column of this table',
    );
  });

  it('rejects values of the wrong type and malformed JSON, naming where', () => {
    expect(() => parseTableRows('SecurityEvent', JSON.stringify([{ EventID: 'x' }]))).toThrow(/row 1: column EventID expects int/);
    expect(() => parseTableRows('SecurityEvent', JSON.stringify([{ TimeGenerated: 'yesterday' }]))).toThrow(/TimeGenerated expects datetime/);
    expect(() => parseTableRows('SecurityEvent', '{"EventID": 1}\n{oops', 'f.jsonl')).toThrow(/f\.jsonl line 2: invalid JSON/);
    expect(() => parseTableRows('Heartbeat', '')).toThrow(/unknown table "Heartbeat"/);
  });
});
