import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { incidentsCommand } from '../../cli/commands/incidents.js';
import type { CliIo } from '../../cli/cliIo.js';
import { createPublisher } from '../../src/sentinel/createPublisher.js';
import { CONTEXT, finding, startHarness, WORKSPACE_ID } from '../sentinel/sentinelFixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function io(cwd: string): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { stdin: Readable.from([]), stdout, stderr, env: {}, cwd, out: () => out, err: () => err };
}

/** A state directory as a local hunt leaves it: the Sentinel server's JSON file with published incidents. */
async function stateWithIncidents(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'incidents-cli-'));
  dirs.push(dir);
  const h = await startHarness({ stateFile: join(dir, 'sentinel.json') });
  const publisher = createPublisher({ client: h.client, config: h.config, workspaceId: WORKSPACE_ID });
  await publisher.publish(
    [
      { finding: finding('203.0.113.5', { hosts: ['web01.contoso.com', 'db02', 'app03'], accounts: ['CONTOSO\\alice'] }) },
      { finding: finding('198.51.100.7', { hosts: ['web01.contoso.com'], accounts: ['bob@contoso.com'] }) },
    ],
    CONTEXT,
  );
  await h.server.close();
  return dir;
}

describe('cmdline-ip-hunter incidents', () => {
  it('prints the stored incidents with their entities as JSON', async () => {
    const dir = await stateWithIncidents();
    const cli = io(dir);
    expect(await incidentsCommand(['--state', '.', '--json'], cli)).toBe(0);
    const incidents = JSON.parse(cli.out());
    expect(incidents).toHaveLength(2);
    expect(Object.keys(incidents[0]).sort()).toEqual(['entities', 'incidentId', 'ip', 'severity', 'status', 'title']);
    expect(incidents[0]).toMatchObject({ ip: '203.0.113.5', severity: 'High', status: 'New', title: 'Hard-coded external IP 203.0.113.5 in command lines on 3 hosts' });
    expect(incidents[0].entities).toContainEqual({ kind: 'Account', accountName: 'alice', ntDomain: 'CONTOSO', friendlyName: 'alice' });
    expect(incidents[0].entities.filter((e: { kind: string }) => e.kind === 'Host')).toHaveLength(3);
    expect(incidents[1]).toMatchObject({ ip: '198.51.100.7', severity: 'Medium' });
    expect(incidents[1].entities).toContainEqual({ kind: 'Account', accountName: 'bob', upnSuffix: 'contoso.com', friendlyName: 'bob' });
  });

  it('prints a table by default', async () => {
    const dir = await stateWithIncidents();
    const cli = io(dir);
    expect(await incidentsCommand(['--state', dir], cli)).toBe(0);
    const lines = cli.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+Severity\s+Status\s+IP\s+Title\s+Entities$/);
    expect(lines[1]).toMatch(/^1\s+High\s+New\s+203\.0\.113\.5\s+Hard-coded external IP 203\.0\.113\.5 .*Ip:203\.0\.113\.5, Host:web01/);
    expect(lines[1]).toContain('Account:CONTOSO\\alice');
    expect(lines.at(-1)).toBe('2 incidents');
  });

  it('prints an empty list for a state directory without Sentinel state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'incidents-cli-'));
    dirs.push(dir);
    const cli = io(dir);
    expect(await incidentsCommand(['--state', dir, '--json'], cli)).toBe(0);
    expect(JSON.parse(cli.out())).toEqual([]);
  });

  it('requires --state', async () => {
    await expect(incidentsCommand([], io(tmpdir()))).rejects.toThrow(/--state: is required/);
  });
});
