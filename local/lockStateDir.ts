import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunInProgressError } from '../src/errors.js';

/** The lock file's name inside a state folder. */
export const STATE_LOCK_FILE = 'hunt.lock';

interface LockContent {
  readonly pid: number;
  readonly since: string;
}

/** Whether a process with this id runs (signal 0 checks without signalling; EPERM means it runs under another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const content = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? { pid: content.pid, since: String(content.since) } : undefined;
  } catch {
    return undefined; // gone, or half written by a process that died: treated as no lock
  }
}

/**
 * Take the state folder for one local run. Each `hunt --local` starts its own Azurite over the folder, so the table
 * lease cannot tell two of them apart; a lock file holding the owner's pid does. A lock whose process no longer runs
 * (killed) is taken over. Throws RunInProgressError naming the pid holding it.
 * @returns a function that releases the lock.
 */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  const file = path.join(stateDir, STATE_LOCK_FILE);
  const mine: LockContent = { pid: process.pid, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // `wx` fails when the file exists: creating it is the atomic test-and-set.
      await writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return async () => {
        const current = await readLock(file);
        if (current?.pid === mine.pid) await unlink(file).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(file);
    if (holder && holder.pid !== process.pid && processRuns(holder.pid)) {
      throw new RunInProgressError(`process ${holder.pid} (a local hunt on ${stateDir} since ${holder.since})`);
    }
    // Stale: its process is gone. Remove it and try again; another process doing the same loses the `wx` race.
    await unlink(file).catch(() => {});
  }
  throw new RunInProgressError(`another local hunt on ${stateDir} (the lock file ${file} keeps reappearing)`);
}
