import { describe, expect, it } from 'vitest';
import { unresolvedTablesOnly } from '../../src/query/unresolvedTables.js';

const TABLES = ['SecurityEvent', 'DeviceProcessEvents', 'Event', 'WindowsEvent'];
const missing = (table: string) => ({ code: 'SEM0100', message: `'union' operator: Failed to resolve table expression named '${table}'` });

describe('unresolvedTablesOnly', () => {
  it('names the missing tables when every detail is a source leg that did not resolve', () => {
    const error = { code: 'PartialError', message: 'There were some errors when processing your query.', details: [missing('Event'), missing('DeviceProcessEvents')] };
    expect(unresolvedTablesOnly(error, TABLES)).toEqual(['Event', 'DeviceProcessEvents']);
  });

  it('refuses anything else: another detail, a table the hunting query does not read, nothing', () => {
    expect(unresolvedTablesOnly({ details: [missing('Event'), { code: 'EngineError', message: 'a shard timed out' }] }, TABLES)).toBeUndefined();
    expect(unresolvedTablesOnly({ details: [missing('SigninLogs')] }, TABLES)).toBeUndefined();
    expect(unresolvedTablesOnly({ details: [{ message: "query over 'Event' timed out" }] }, TABLES)).toBeUndefined();
    expect(unresolvedTablesOnly(undefined, TABLES)).toBeUndefined();
  });
});
