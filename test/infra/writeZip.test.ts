import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, writeZip } from '../../scripts/writeZip.js';
import { readZip } from './support/readZip.js';

describe('writeZip', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cmdline-ip-hunter-zip-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('computes the CRC-32 ZIP uses (check value of "123456789" is CBF43926)', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('round-trips folders, empty, compressible, incompressible and executable files with their modes', () => {
    const source = path.join(work, 'tree');
    mkdirSync(path.join(source, 'a/b/empty-dir'), { recursive: true });
    const files: Record<string, Buffer> = {
      'empty.txt': Buffer.alloc(0),
      'a/text.json': Buffer.from(JSON.stringify({ hello: 'world'.repeat(200) })),
      'a/b/random.bin': randomBytes(70_000),
      'a/b/ünïcode name.txt': Buffer.from('names are UTF-8'),
      'run.sh': Buffer.from('#!/bin/sh\necho ok\n'),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(source, name), data);
    chmodSync(path.join(source, 'run.sh'), 0o755);
    const zipPath = path.join(work, 'tree.zip');
    const written = writeZip(source, zipPath);

    const entries = readZip(zipPath);
    expect(written.entries).toBe(entries.length);
    expect(entries.filter((e) => e.isDirectory).map((e) => e.name)).toEqual(['a/', 'a/b/', 'a/b/empty-dir/']);
    expect(Object.fromEntries(entries.filter((e) => !e.isDirectory).map((e) => [e.name, e.data]))).toEqual(files);
    expect(entries.find((e) => e.name === 'run.sh')!.mode).toBe(0o100755);
    expect(entries.find((e) => e.name === 'a/text.json')!.mode).toBe(0o100644);
    expect(readFileSync(zipPath).length).toBeLessThan(Object.values(files).reduce((n, b) => n + b.length, 0));
  });

  it('writes the same bytes for the same files', () => {
    const source = path.join(work, 'same');
    mkdirSync(source);
    writeFileSync(path.join(source, 'x.txt'), 'x'.repeat(1000));
    writeZip(source, path.join(work, 'one.zip'));
    writeZip(source, path.join(work, 'two.zip'));
    expect(readFileSync(path.join(work, 'one.zip')).equals(readFileSync(path.join(work, 'two.zip')))).toBe(true);
  });

  it.skipIf(spawnSync('unzip', ['-v']).status !== 0)('writes archives unzip accepts', () => {
    const source = path.join(work, 'for-unzip');
    mkdirSync(path.join(source, 'd'), { recursive: true });
    writeFileSync(path.join(source, 'd/f.txt'), 'unzip me '.repeat(100));
    writeZip(source, path.join(work, 'for-unzip.zip'));
    const test = spawnSync('unzip', ['-tq', path.join(work, 'for-unzip.zip')], { encoding: 'utf8' });
    expect(test.stdout).toMatch(/No errors detected/);
  });
});
