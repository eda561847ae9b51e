import type { InvocationContext } from '@azure/functions';
import type { Logger } from '../logger.js';

/** The narrow Logger over a Functions invocation context (its logs reach Application Insights with the invocation id). */
export function contextLogger(context: InvocationContext): Logger {
  return {
    info: (message, ...args) => context.info(message, ...args),
    warn: (message, ...args) => context.warn(message, ...args),
    error: (message, ...args) => context.error(message, ...args),
    debug: (message, ...args) => context.debug(message, ...args),
  };
}
