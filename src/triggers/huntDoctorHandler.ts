import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { anyFailed } from '../doctor/doctorCheck.js';
import { runDoctor, type DoctorOptions } from '../doctor/runDoctor.js';
import { parseIsoDuration } from '../config/isoDuration.js';
import { InputError } from '../errors.js';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';

/**
 * `GET /api/hunt/doctor[?writeTest=true&entityTimeout=PT5M]`: the first-run self-check with the app's own identity and
 * settings. Answers `{"checks": [{"name", "status", "detail"}]}`, 200 when nothing failed, 503 when a check failed.
 */
export function createHuntDoctorHandler(options: () => DoctorOptions) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const logger = contextLogger(context);
    try {
      const writeTest = request.query.get('writeTest');
      if (writeTest !== null && writeTest !== 'true' && writeTest !== 'false') throw new InputError('writeTest', 'must be true or false');
      const timeout = request.query.get('entityTimeout');
      const entityTimeoutMs = timeout === null ? undefined : parseIsoDuration(timeout);
      if (entityTimeoutMs === undefined && timeout !== null) throw new InputError('entityTimeout', `"${timeout}" is not an ISO-8601 duration (e.g. PT5M)`);
      const checks = await runDoctor({
        ...options(),
        writeTest: writeTest === 'true',
        ...(entityTimeoutMs !== undefined ? { entityTimeoutMs } : {}),
      });
      const failed = checks.filter((c) => c.status === 'fail').map((c) => c.name);
      logger.info(`Doctor: ${checks.length} checks, ${failed.length} failed${failed.length > 0 ? ` (${failed.join(', ')})` : ''}`);
      return { status: anyFailed(checks) ? 503 : 200, jsonBody: { checks } };
    } catch (error) {
      return errorResponse(error);
    }
  };
}
