import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readTableFile } from '../../../local/tables/readTableFile.js';

function rows(count: number): object[] {
  return Array.from({ length: count }, (_, i) => ({
    TimeGenerated: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString().replace('.000Z', 'Z'),
    EventID: 4688,
    Computer: `WS-${i % 7}`,
    CommandLine: `cmd.exe /c echo ${i}`,
  }));
}

describe('readTableFile', () => {
  it('streams JSON lines, a JSON array and gzipped JSON lines into the same table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'table-file-'));
    const data = rows(30_000);
    const lines = `${data.map((r) => JSON.stringify(r)).join('\n')}\n`;
    await writeFile(path.join(dir, 'events.jsonl'), lines);
    await writeFile(path.join(dir, 'events.json'), JSON.stringify(data));
    await writeFile(path.join(dir, 'events.jsonl.gz'), gzipSync(lines));
    const progress: number[] = [];
    const tables = [
      await readTableFile('SecurityEvent', path.join(dir, 'events.jsonl')),
      await readTableFile('SecurityEvent', path.join(dir, 'events.json')),
      await readTableFile('SecurityEvent', path.join(dir, 'events.jsonl.gz'), (count) => progress.push(count)),
    ];
    for (const table of tables) {
      expect(table.rowCount).toBe(30_000);
      expect(table.rows[29_999]).toEqual(data[29_999]);
      expect(table.rows[12_345]).toEqual(data[12_345]);
    }
    expect(progress).toEqual([]);
  });

  it('names the file and line of a bad row, and a file it cannot read', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'table-file-'));
    await writeFile(path.join(dir, 'bad.jsonl'), `${JSON.stringify(rows(1)[0])}\n{"EventID": "x"}\n`);
    await expect(readTableFile('SecurityEvent', path.join(dir, 'bad.jsonl'))).rejects.toThrow(/bad\.jsonl row 2: column EventID expects int/);
    await expect(readTableFile('SecurityEvent', path.join(dir, 'missing.jsonl'))).rejects.toThrow(InputError);
    await writeFile(path.join(dir, 'notgz.jsonl.gz'), 'plain text');
    await expect(readTableFile('SecurityEvent', path.join(dir, 'notgz.jsonl.gz'))).rejects.toThrow(/cannot read .*notgz\.jsonl\.gz/);
  });
});
