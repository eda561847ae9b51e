import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';
import type { DependencyProvider } from './huntHttpHandler.js';

/** `GET /api/hunt/status`: the last run's summary and the checkpoint. */
export function createHuntStatusHandler(getDependencies: DependencyProvider) {
  return async (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const { state } = getDependencies();
      const [checkpoint, lastRun] = await Promise.all([state.getCheckpoint(), state.getLastSummary()]);
      return { status: 200, jsonBody: { checkpoint: checkpoint?.toISOString() ?? null, lastRun: lastRun ?? null } };
    } catch (error) {
      const response = errorResponse(error);
      contextLogger(context).error(`GET /api/hunt/status failed: ${JSON.stringify(response.jsonBody)}`);
      return response;
    }
  };
}
