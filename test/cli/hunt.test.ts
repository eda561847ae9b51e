import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { generateProcessEvents } from '../../local/sample/generateProcessEvents.js';
import { FIXTURE_EXTERNAL_IPS } from '../support/huntWorkspace.js';
import { repoRoot, runCli } from '../support/runCli.js';
import { testSettings } from '../support/testSettings.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hunt-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('cmdline-ip-hunter hunt --local', () => {
  it('hunts given data over its own time span and prints the summary as one JSON object', { timeout: 120_000 }, async () => {
    const state = await tempDir();
    const args = ['hunt', '--local', '--data', 'test/fixtures/hunt/securityEvents.jsonl', '--state', state, '--json', '--now', '2026-11-21T00:00:00Z'];
    const first = await runCli(args, { env: { EXCLUDED_CIDRS: '168.63.129.16' } });
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as Record<string, unknown> & { newIps: string[]; incidents: { ip: string; incidentId: string; action: string }[] };
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['window', 'newIps', 'resightedIps', 'excluded', 'incidents', 'failures']));
    expect([...summary.newIps].sort()).toEqual(FIXTURE_EXTERNAL_IPS);
    expect(summary.excluded).toEqual([expect.objectContaining({ ip: '168.63.129.16', reason: expect.any(String) })]);
    expect(summary.incidents.map((i) => i.action)).toEqual(['created', 'created', 'created', 'created']);

    // State persists in the folder: the same hunt again reports nothing new, and the incidents are listed from it.
    const second = JSON.parse((await runCli(args, { env: { EXCLUDED_CIDRS: '168.63.129.16' } })).stdout) as { newIps: string[]; resightedIps: string[] };
    expect(second.newIps).toEqual([]);
    expect(second.resightedIps).toHaveLength(4);
    const listed = JSON.parse((await runCli(['incidents', '--state', state, '--json'])).stdout) as { ip: string }[];
    expect(listed.map((i) => i.ip).sort()).toEqual(FIXTURE_EXTERNAL_IPS);
  });

  it('hunts several tables given with --table, naming each finding\'s source, and refuses a table given twice', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const generated = generateProcessEvents({ rows: 400, seed: 11, start: new Date('2026-11-20T00:00:00Z'), days: 1, maliciousRate: 0.05 });
    const defenderFile = path.join(dir, 'defender.jsonl');
    const eventFile = path.join(dir, 'event.jsonl');
    await writeFile(defenderFile, generated.tables.DeviceProcessEvents.map((r) => JSON.stringify(r)).join('\n'));
    await writeFile(eventFile, generated.tables.Event.map((r) => JSON.stringify(r)).join('\n'));
    const res = await runCli([
      'hunt', '--local', '--table', `DeviceProcessEvents=${defenderFile}`, '--table', `Event=${eventFile}`,
      '--data', 'test/fixtures/hunt/securityEvents.jsonl', '--state', path.join(dir, 'state'), '--json', '--now', '2026-11-21T00:00:00Z',
    ], { env: { EXCLUDED_CIDRS: '168.63.129.16' } });
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as { newIps: string[]; findings: { ip: string; sources?: string[] }[]; query: { sources?: { hunted: string[] } } };
    const expected = [...new Set([...FIXTURE_EXTERNAL_IPS, ...generated.plantedIps.DeviceProcessEvents, ...generated.plantedIps.Event])].sort();
    expect(generated.plantedIps.DeviceProcessEvents).not.toHaveLength(0);
    expect([...summary.newIps].sort()).toEqual(expected);
    for (const ip of generated.plantedIps.DeviceProcessEvents) {
      expect(summary.findings.find((f) => f.ip === ip)?.sources).toEqual(expect.arrayContaining(['defender']));
    }
    for (const ip of FIXTURE_EXTERNAL_IPS) expect(summary.findings.find((f) => f.ip === ip)?.sources).toEqual(['securityevent']);

    const twice = await runCli(['hunt', '--local', '--table', `Event=${eventFile}`, '--table', `Event=${eventFile}`, '--state', path.join(dir, 'state2')]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/--table.*Event is given twice/);
  });

  it('hunts a gzipped JSON array as it hunts the same rows as JSON lines', async () => {
    const dir = await tempDir();
    const lines = (await readFile(path.join(repoRoot, 'test/fixtures/hunt/securityEvents.jsonl'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const file = path.join(dir, 'events.json.gz');
    await writeFile(file, gzipSync(`[${lines.join(',\n')}]`));
    const res = await runCli(['hunt', '--local', '--data', file, '--state', path.join(dir, 'state'), '--json', '--now', '2026-11-21T00:00:00Z']);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as { newIps: string[] };
    expect([...summary.newIps].sort()).toEqual([...FIXTURE_EXTERNAL_IPS, '168.63.129.16'].sort());
  });

  it('generates a sample on the first run, keeps it, and reports no new IPs on the second', async () => {
    const state = await tempDir();
    const args = ['hunt', '--local', '--state', state, '--rows', '3000', '--seed', '7', '--now', '2026-11-27T12:00:00Z'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/3000 SecurityEvent rows over 7 days generated/);
    expect(first.stdout).toMatch(/Findings\n/);
    expect(first.stdout).toMatch(/Incidents\n/);
    expect(first.stdout).toMatch(/\bcreated\b/);
    const later = ['hunt', '--local', '--state', state, '--now', '2026-11-27T13:00:00Z'];
    const second = await runCli(later);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/kept from an earlier run/);
    expect(second.stdout).toMatch(/0 new/);
    expect(second.stdout).toMatch(/No new external IPs: no incident created\./);
  });

  it('rejects contradictory options by name', async () => {
    const res = await runCli(['hunt', '--local', '--lookback', 'PT1H', '--start', '2026-11-20T00:00:00Z']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--lookback: give either --lookback or --start\/--end/);
    const unknown = await runCli(['hunt', '--bogus']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--bogus/);
  });

  it('holds --lookback and --start/--end to HUNT_MAX_WINDOW and refuses a window ending in the future, as POST /api/hunt does', async () => {
    const now = ['--now', '2026-11-21T00:00:00Z'];
    const lookback = await runCli(['hunt', '--local', '--state', await tempDir(), ...now, '--lookback', 'P9D']);
    expect(lookback.code).toBe(1);
    expect(lookback.stderr).toMatch(/--lookback: P9D is longer than HUNT_MAX_WINDOW \(P8D\)/);

    const future = await runCli(['hunt', '--local', '--state', await tempDir(), ...now, '--start', '2026-11-20T00:00:00Z', '--end', '2026-11-21T00:00:01Z']);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/--end: must not be in the future/);

    const long = await runCli(['hunt', '--local', '--state', await tempDir(), ...now, '--start', '2026-11-20T00:00:00Z', '--end', '2026-11-20T02:00:00Z'], {
      env: { HUNT_MAX_WINDOW: 'PT1H' },
    });
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/--start: the window is longer than HUNT_MAX_WINDOW \(PT1H\)/);
  });

  it('holds the time span of --data to the same limits', async () => {
    const data = ['--data', 'test/fixtures/hunt/securityEvents.jsonl'];
    const long = await runCli(['hunt', '--local', ...data, '--state', await tempDir(), '--now', '2026-11-21T00:00:00Z'], { env: { HUNT_MAX_WINDOW: 'PT2H' } });
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/--data: the rows run from 2026-11-20T08:00:00.000Z to 2026-11-20T15:00:00.001Z, longer than HUNT_MAX_WINDOW \(PT2H\)/);

    const future = await runCli(['hunt', '--local', ...data, '--state', await tempDir(), '--now', '2026-11-20T12:00:00Z']);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/--data: the rows run from .* past now \(2026-11-20T12:00:00.000Z\)/);

    // A window inside the limits still hunts part of the data.
    const part = await runCli(['hunt', '--local', ...data, '--state', await tempDir(), '--now', '2026-11-20T12:00:00Z', '--start', '2026-11-20T07:00:00Z', '--end', '2026-11-20T12:00:00Z', '--json']);
    expect(part.code).toBe(0);
    expect(JSON.parse(part.stdout)).toMatchObject({ window: { start: '2026-11-20T07:00:00.000Z', end: '2026-11-20T12:00:00.000Z' } });
  });

  it('holds windows of Azure runs to HUNT_MAX_WINDOW before calling any service', async () => {
    const res = await runCli(['hunt', '--lookback', 'P2D'], { env: testSettings({ HUNT_MAX_WINDOW: 'P1D' }) as Record<string, string> });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--lookback: P2D is longer than HUNT_MAX_WINDOW \(P1D\)/);
    const future = await runCli(['hunt', '--start', '2999-01-01T00:00:00Z', '--end', '2999-01-01T01:00:00Z'], { env: testSettings() as Record<string, string> });
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/--end: must not be in the future/);
  });

  it('names every missing Azure setting without --local', async () => {
    const res = await runCli(['hunt'], { env: {} });
    expect(res.code).toBe(1);
    for (const setting of ['LOG_ANALYTICS_WORKSPACE_ID', 'SENTINEL_SUBSCRIPTION_ID', 'SENTINEL_RESOURCE_GROUP', 'SENTINEL_WORKSPACE_NAME', 'AzureWebJobsStorage']) {
      expect(res.stderr).toContain(setting);
    }
  });
});
