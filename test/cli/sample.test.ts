import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

function run(args: string[], cwd: string) {
  return runCli(args, { cwd });
}

describe('cmdline-ip-hunter sample', () => {
  it('writes deterministic JSON lines the query command can read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kql-sample-'));
    const args = ['sample', '--rows', '3000', '--seed', '5', '--start', '2024-05-01T00:00:00Z', '--days', '2'];
    const first = await run(args, dir);
    const second = await run(args, dir);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(3000);
    expect(JSON.parse(lines[0]!)).toMatchObject({ EventID: 4688, Type: 'SecurityEvent' });
    expect(first.stderr).toMatch(/^sample: 3000 rows, \d+ planted external addresses: /);

    writeFileSync(path.join(dir, 'sample.jsonl'), first.stdout);
    const counted = await run(['query', '--table', 'SecurityEvent=sample.jsonl', '--query', 'SecurityEvent | count'], dir);
    expect(JSON.parse(counted.stdout).tables[0].rows).toEqual([[3000]]);
  });

  it('requires --rows and --seed', async () => {
    const { code, stderr } = await run(['sample', '--seed', '1'], tmpdir());
    expect(code).toBe(1);
    expect(stderr).toContain('--rows: is required');
  });
});
