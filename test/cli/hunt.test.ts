import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_EXTERNAL_IPS } from '../support/huntWorkspace.js';
import { runCli } from '../support/runCli.js';

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
  it('hunts given data over its own time span and prints the summary as one JSON object', async () => {
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

  it('names every missing Azure setting without --local', async () => {
    const res = await runCli(['hunt'], { env: {} });
    expect(res.code).toBe(1);
    for (const setting of ['LOG_ANALYTICS_WORKSPACE_ID', 'SENTINEL_SUBSCRIPTION_ID', 'SENTINEL_RESOURCE_GROUP', 'SENTINEL_WORKSPACE_NAME', 'AzureWebJobsStorage']) {
      expect(res.stderr).toContain(setting);
    }
  });
});
