import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKqlEngine } from '../../local/kql/createKqlEngine.js';
import { buildTableData } from '../../local/tables/tableData.js';
import { SECURITY_EVENT_COLUMNS } from '../../local/tables/securityEventSchema.js';
import { buildHuntQuery } from '../../src/query/buildHuntQuery.js';

interface Labelled {
  readonly commandLine: string;
  readonly expected: readonly string[];
}

const labelled = readFileSync(fileURLToPath(new URL('../fixtures/labelled-command-lines.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Labelled);

describe("the hunting query's server-side pre-filter", () => {
  it('lets through every labelled command line that holds an external address', () => {
    const rows = labelled.map((l, i) => ({
      TimeGenerated: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(),
      EventID: 4688,
      Computer: `HOST${i}`,
      Account: 'CONTOSO\\alice',
      Process: 'cmd.exe',
      CommandLine: l.commandLine,
    }));
    const engine = createKqlEngine({ tables: { SecurityEvent: buildTableData(SECURITY_EVENT_COLUMNS, rows, 'labelled corpus') } });
    const [table] = engine.run(buildHuntQuery({ mode: 'hunt', processes: ['cmd.exe'] })).tables;
    const col = table!.columns.findIndex((c) => c.name === 'CommandLine');
    const passed = new Set(table!.rows.map((r) => String(r[col])));
    const withExternal = labelled.filter((l) => l.expected.length > 0);
    expect(withExternal.length).toBeGreaterThan(100);
    expect(withExternal.filter((l) => !passed.has(l.commandLine)).map((l) => l.commandLine)).toEqual([]);
  });
});

describe('the hunting query and the detection core together', () => {
  it('find exactly the addresses planted in generated sample data', async () => {
    const { generateSecurityEvents } = await import('../../local/sample/generateSecurityEvents.js');
    const { aggregateFindings } = await import('../../src/findings/aggregateFindings.js');
    const { compileExclusions } = await import('../../src/exclusions/compileExclusions.js');
    const now = new Date('2026-11-27T00:00:00Z');
    const sample = generateSecurityEvents({ rows: 5_000, seed: 11, start: new Date('2026-11-20T00:00:00Z'), days: 7 });
    const engine = createKqlEngine({ tables: { SecurityEvent: buildTableData(SECURITY_EVENT_COLUMNS, sample.rows, 'sample') }, now: () => now });
    const [table] = engine.run(buildHuntQuery({ mode: 'hunt', processes: [...(await import('../../src/config/loadConfig.js')).DEFAULT_PROCESSES] })).tables;
    const rows = table!.rows.map((r) => Object.fromEntries(table!.columns.map((c, i) => [c.name, r[i]])));
    const result = aggregateFindings(rows as never, { exclusions: compileExclusions({ cidrs: [], rules: [] }, now), maxCommandLines: 20 });
    expect(sample.plantedIps.length).toBeGreaterThan(3);
    expect(result.rowErrors).toEqual([]);
    expect(result.findings.map((f) => f.ip).sort()).toEqual([...sample.plantedIps].sort());
  });
});
