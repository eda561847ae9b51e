/**
 * `hunt --local` killed with SIGKILL and started again on the same --state folder, as a user would: the dead process's
 * lock file is taken over, its run lock in the state table released, and what its Azurite and Sentinel server had
 * acknowledged is still there, so the rerun completes with exactly one incident per external IP of an uninterrupted
 * run. The killed run is a process of its own (its servers die with it); each kill waits for a line it printed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STATE_LOCK_FILE } from '../../local/lockStateDir.js';
import { spawnTypescript } from '../support/lineProcess.js';
import { runCli } from '../support/runCli.js';

const ARGS = ['--rows', '3000', '--seed', '7', '--now', '2026-11-27T12:00:00Z'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'killed-hunt-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

interface Summary {
  readonly newIps: string[];
  readonly carriedOverIps: string[];
  readonly window: { start: string; end: string };
  readonly query: { segments: unknown[] };
  readonly failures: unknown[];
}

/** What an uninterrupted run finds on a fresh folder. */
let reference: Summary;

beforeAll(async () => {
  const state = await mkdtemp(path.join(os.tmpdir(), 'killed-hunt-reference-'));
  try {
    const run = await runCli(['hunt', '--local', '--state', state, '--json', ...ARGS]);
    expect(run.code, run.stderr).toBe(0);
    reference = JSON.parse(run.stdout) as Summary;
  } finally {
    await rm(state, { recursive: true, force: true });
  }
  expect(reference.newIps).not.toHaveLength(0);
});

/** Start `hunt --local` on `state` in a child process and SIGKILL it once it prints a line matching `killAt`. */
async function killedRun(state: string, killAt: RegExp): Promise<number> {
  const child = spawnTypescript('test/support/cliProcess.ts', ['hunt', '--local', '--state', state, ...ARGS]);
  cleanups.push(() => child.kill());
  await child.waitForLine(killAt);
  await child.kill();
  return child.child.pid!;
}

/** The rerun on the same folder completes; the folder then holds exactly one incident per IP of the reference run. */
async function rerunCompletes(state: string, deadPid: number): Promise<Summary> {
  // The dead run's lock file is still there: the rerun takes it over.
  expect(JSON.parse(await readFile(path.join(state, STATE_LOCK_FILE), 'utf8'))).toMatchObject({ pid: deadPid });
  const run = await runCli(['hunt', '--local', '--state', state, '--json', ...ARGS]);
  expect(run.code, run.stderr).toBe(0);
  const summary = JSON.parse(run.stdout) as Summary;
  expect(summary.failures).toEqual([]);
  const listed = await runCli(['incidents', '--state', state, '--json']);
  const incidents = JSON.parse(listed.stdout) as { ip: string; entities: { kind: string }[] }[];
  expect(incidents.map((i) => i.ip).sort()).toEqual([...reference.newIps].sort());
  for (const incident of incidents) {
    const keys = incident.entities.map((e) => JSON.stringify(e));
    expect(new Set(keys).size, `entities of the incident for ${incident.ip}`).toBe(keys.length);
  }
  const sentinel = JSON.parse(await readFile(path.join(state, 'sentinel.json'), 'utf8')) as { resources: { kind: string }[] };
  expect(sentinel.resources.filter((r) => r.kind === 'bookmark')).toHaveLength(incidents.length);
  expect(sentinel.resources.filter((r) => r.kind === 'relation')).toHaveLength(incidents.length);
  return summary;
}

describe('hunt --local killed with SIGKILL, then run again on the same state', () => {
  it('resumes after the part it recorded: the checkpoint and pending findings survived in Azurite', async () => {
    const state = await tempDir();
    const pid = await killedRun(state, /^Read \S+: /);
    const rerun = await rerunCompletes(state, pid);
    // Nothing is read again: the one part was recorded before the kill, its findings carried over from state.
    expect(rerun.query.segments).toEqual([]);
    expect([...rerun.carriedOverIps].sort()).toEqual([...reference.newIps].sort());
  });

  it('reads the window again when killed before its part was recorded', async () => {
    const state = await tempDir();
    const pid = await killedRun(state, /^Hunt \S+ \(cli\): window /);
    const rerun = await rerunCompletes(state, pid);
    expect(rerun.window).toEqual(reference.window);
    expect([...rerun.newIps].sort()).toEqual([...reference.newIps].sort());
  });
});
