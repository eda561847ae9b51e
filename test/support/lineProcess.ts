import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './runCli.js';

/** A child process whose output is read line by line, so a test can act on what it printed (never on elapsed time). */
export interface LineProcess {
  readonly child: ChildProcess;
  /** Every line printed so far, stdout and stderr interleaved as they arrived. */
  readonly lines: string[];
  /** The first line (already printed or still to come) that matches; rejects when the process exits without one. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Wait for the process to exit on its own. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const REGISTER = path.join(repoRoot, 'test/support/registerTypescript.mjs');

/**
 * Run a TypeScript file of the repository in a child Node process (through the TypeScript module hooks, no build), with
 * `env` added to a minimal environment.
 */
export function spawnTypescript(file: string, args: readonly string[], env: Record<string, string> = {}): LineProcess {
  const child = spawn(process.execPath, ['--import', REGISTER, path.join(repoRoot, file), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  let closed = false;
  let open = 2;
  const onLine = (line: string) => {
    lines.push(line);
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(line)) waiter.resolve(line);
      else waiters.push(waiter);
    }
  };
  // Lines are complete only once both streams have ended, after the exit: reject waiters then, not at the exit itself.
  const onClose = () => {
    if (--open > 0) return;
    closed = true;
    for (const waiter of waiters.splice(0)) {
      waiter.reject(new Error(`Process ${child.pid} ended without printing a line matching ${waiter.pattern}; its output:\n${lines.join('\n')}`));
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    const reader = createInterface({ input: stream });
    reader.on('line', onLine);
    reader.on('close', onClose);
  }
  return {
    child,
    lines,
    waitForLine(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      if (closed) return Promise.reject(new Error(`Process ${child.pid} ended without printing a line matching ${pattern}; its output:\n${lines.join('\n')}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
    exited: () => exit,
  };
}
