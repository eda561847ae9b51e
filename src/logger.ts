/**
 * The narrow logger `src/` writes through. In Functions it wraps the InvocationContext; in the CLI, stderr.
 * Log counts and ids, never tokens or whole command lines.
 */
export interface Logger {
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
}

/** A logger that drops everything: the default where no logger is given. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
};
