import type { Readable, Writable } from 'node:stream';

/** The streams and environment a CLI command talks to; tests pass their own. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths (defaults to process.cwd()). */
  readonly cwd: string;
}

/** A CLI command: returns the process exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
