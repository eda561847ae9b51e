import type { InvocationContext, Timer } from '@azure/functions';
import { RunInProgressError } from '../errors.js';
import { runHunt } from '../hunt/runHunt.js';
import type { HuntSummary } from '../hunt/huntSummary.js';
import { contextLogger } from './contextLogger.js';
import type { DependencyProvider } from './huntHttpHandler.js';

/**
 * The scheduled hunt. A run that finds another in progress skips (the checkpoint makes the next run cover its window);
 * any other failure fails the invocation so it shows in monitoring, and the checkpoint stays where it was.
 */
export function createHuntTimerHandler(getDependencies: DependencyProvider) {
  return async (timer: Timer, context: InvocationContext): Promise<HuntSummary | undefined> => {
    const logger = contextLogger(context);
    if (timer.isPastDue) logger.warn('Hunt timer is past due: this run catches up from the checkpoint');
    const deps = getDependencies();
    try {
      return await runHunt({ ...deps, logger }, { trigger: 'timer' });
    } catch (error) {
      if (error instanceof RunInProgressError) {
        logger.warn(`Scheduled hunt skipped: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  };
}
