import type { Bookmark } from '@azure/arm-securityinsight';
import { LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateProcessEvents } from '../../local/sample/generateProcessEvents.js';
import { buildTableData } from '../../local/tables/tableData.js';
import { TABLE_SCHEMAS } from '../../local/tables/tableSchemas.js';
import { extractAddresses } from '../../src/detect/extractAddresses.js';
import { runHunt } from '../../src/hunt/runHunt.js';
import { FIXTURE_EXTERNAL_IPS, FIXTURE_WINDOW, fixtureTable, startHuntWorkspace, type HuntWorkspace } from '../support/huntWorkspace.js';

let hw: HuntWorkspace | undefined;
afterEach(async () => {
  await hw?.close();
  hw = undefined;
});

const generated = generateProcessEvents({ rows: 120, seed: 3, start: FIXTURE_WINDOW.start, days: 1, maliciousRate: 0.1 });
const otherTables = Object.fromEntries(Object.entries(generated.tables).map(([name, rows]) => [name, buildTableData(TABLE_SCHEMAS[name]!, rows, name)]));

describe('a hunt over every process-creation source', () => {
  it('raises exactly one incident per external IP of all four tables, with Host and Account entities per source, and none on a rerun', async () => {
    hw = await startHuntWorkspace({ tables: { SecurityEvent: fixtureTable(), ...otherTables } });
    const deps = hw.deps();
    const summary = await runHunt(deps, { trigger: 'timer' });
    const expected = [...new Set([...FIXTURE_EXTERNAL_IPS, ...Object.values(generated.plantedIps).flat()])].sort();
    expect(Object.values(generated.plantedIps).flat()).not.toHaveLength(0);
    expect([...summary.newIps].sort()).toEqual(expected);
    expect(summary.query.sources).toEqual({ hunted: ['securityevent', 'defender', 'sysmon'], skipped: [], missingTables: [] });
    expect(summary.checkpoint.advanced).toBe(true);
    expect(summary.incidents.filter((i) => i.action === 'created').map((i) => i.ip).sort()).toEqual(expected);

    // Every incident has Host and Account entities; Windows accounts from Defender carry their SID, Linux ones no domain.
    const { config } = deps;
    const { createSecurityInsightsClient } = await import('../../src/sentinel/index.js');
    const client = createSecurityInsightsClient(config.sentinel, { ...hw.workspace.dependencyOptions, credential: hw.workspace.dependencyOptions.credential! });
    const accounts: Record<string, unknown>[] = [];
    for (const incident of summary.incidents) {
      const { entities = [] } = await client.incidents.listEntities(config.sentinel.resourceGroup, config.sentinel.workspaceName, incident.incidentId!);
      expect(entities.map((e) => e.kind)).toEqual(expect.arrayContaining(['Host', 'Account', 'Ip']));
      for (const e of entities) if (e.kind === 'Account') accounts.push(e as unknown as Record<string, unknown>);
    }
    expect(accounts).toContainEqual(expect.objectContaining({ accountName: expect.any(String), ntDomain: 'contoso', sid: expect.stringMatching(/^S-1-5-21-/) }));

    // Each incident's bookmark carries its investigation query: run in the workspace (real SDK, real socket), it returns
    // as many events as the finding counted, each holding the IP; the description shows the same query.
    const { rg, ws } = { rg: config.sentinel.resourceGroup, ws: config.sentinel.workspaceName };
    const bookmarks: Bookmark[] = [];
    for await (const b of client.bookmarks.list(rg, ws)) bookmarks.push(b);
    expect(bookmarks.map((b) => JSON.parse(b.queryResult!).IP).sort()).toEqual(expected);
    for (const bookmark of bookmarks) {
      const result = JSON.parse(bookmark.queryResult!) as { IP: string; EventCount: number; Events: unknown[] };
      const answer = await deps.logs.queryWorkspace(config.query.workspaceId, bookmark.query!, { startTime: FIXTURE_WINDOW.start, endTime: FIXTURE_WINDOW.end });
      expect(answer.status, result.IP).toBe(LogsQueryResultStatus.Success);
      const table = answer.status === LogsQueryResultStatus.Success ? answer.tables[0]! : undefined;
      const lines = table!.rows.map((row) => String(row[table!.columnDescriptors.findIndex((c) => c.name === 'CommandLine')]));
      expect(lines, result.IP).toHaveLength(result.EventCount);
      for (const line of lines) expect(extractAddresses(line).map((a) => a.address), line).toContain(result.IP);
      expect(result.Events).not.toHaveLength(0);
    }
    for (const incident of summary.incidents) {
      const { description = '' } = await client.incidents.get(rg, ws, incident.incidentId!);
      const query = bookmarks.find((b) => JSON.parse(b.queryResult!).IP === incident.ip)!.query!;
      expect(description).toContain(query);
    }
    const linux = accounts.filter((a) => ['root', 'www-data', 'deploy'].includes(String(a['accountName'])));
    expect(linux).not.toHaveLength(0);
    for (const a of linux) expect(a).not.toHaveProperty('ntDomain');

    const rerun = await runHunt(deps, { trigger: 'timer' });
    expect(rerun.incidents.filter((i) => i.action === 'created')).toEqual([]);
  });

  it('hunts SecurityEvent as before in a workspace without the Defender and Sysmon tables, and moves the checkpoint', async () => {
    hw = await startHuntWorkspace();
    const deps = hw.deps();
    const summary = await runHunt(deps, { trigger: 'timer' });
    expect([...summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(summary.query.partialFailures).toEqual([]);
    expect(summary.query.sources).toEqual({
      hunted: ['securityevent'],
      skipped: ['defender', 'sysmon'],
      missingTables: ['DeviceProcessEvents', 'Event', 'WindowsEvent'],
    });
    expect(summary.checkpoint.advanced).toBe(true);
    expect(await deps.state.getCheckpoint()).toEqual(FIXTURE_WINDOW.end);
  });

  it('still holds the checkpoint for a partial failure that is not a missing table', async () => {
    hw = await startHuntWorkspace();
    hw.workspace.logAnalytics.faults.next({ kind: 'partial', message: "a shard holding 'DeviceProcessEvents' timed out" });
    const summary = await runHunt(hw.deps(), { trigger: 'timer' });
    expect(summary.checkpoint.advanced).toBe(false);
    expect(summary.query.partialFailures).not.toHaveLength(0);
  });
});
