import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunInProgressError } from '../../src/errors.js';
import { lockStateDir, STATE_LOCK_FILE } from '../../local/lockStateDir.js';
import { runCli } from '../support/runCli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'state-lock-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A real other process that stays alive until the test ends (it stands for a first `hunt --local`). */
async function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  return child;
}

describe('lockStateDir', () => {
  it('writes its pid to the lock file and removes the file on release', async () => {
    const dir = await tempDir();
    const release = await lockStateDir(dir);
    expect(JSON.parse(await readFile(path.join(dir, STATE_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
    await expect(readFile(path.join(dir, STATE_LOCK_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder another running process holds, naming its pid, and takes it over once that process is gone', async () => {
    const dir = await tempDir();
    const other = await otherProcess();
    await writeFile(path.join(dir, STATE_LOCK_FILE), JSON.stringify({ pid: other.pid, since: '2026-11-29T12:00:00.000Z' }));
    await expect(lockStateDir(dir)).rejects.toThrow(RunInProgressError);
    await expect(lockStateDir(dir)).rejects.toThrow(`process ${other.pid}`);
    other.kill('SIGKILL');
    await once(other, 'exit');
    const release = await lockStateDir(dir);
    expect(JSON.parse(await readFile(path.join(dir, STATE_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });

  it('makes a second hunt --local on the same state answer "run in progress" before it starts anything', async () => {
    const dir = await tempDir();
    const other = await otherProcess();
    await writeFile(path.join(dir, STATE_LOCK_FILE), JSON.stringify({ pid: other.pid, since: '2026-11-29T12:00:00.000Z' }));
    const res = await runCli(['hunt', '--local', '--state', dir, '--rows', '1000']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`Hunt run in progress: lock held by process ${other.pid}`);
    await expect(readFile(path.join(dir, 'sample.jsonl'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
