import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { InputError } from '../errors.js';
import { runHunt, type HuntDependencies } from '../hunt/runHunt.js';
import { contextLogger } from './contextLogger.js';
import { errorResponse } from './errorResponse.js';
import { parseHuntRequestBody } from './parseHuntRequestBody.js';

/** Builds (or returns the cached) dependencies; throws ConfigError when settings are bad. */
export type DependencyProvider = () => HuntDependencies;

const MAX_BODY_BYTES = 256 * 1024;

async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new InputError('body', `is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError('body', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** `POST /api/hunt`: run the hunt on demand (Logic Apps playbooks) and answer with the run summary. */
export function createHuntHttpHandler(getDependencies: DependencyProvider) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const logger = contextLogger(context);
    try {
      const deps = getDependencies();
      const body = await readJsonBody(request);
      const huntRequest = parseHuntRequestBody(body, deps.config, (deps.now ?? (() => new Date()))());
      const summary = await runHunt({ ...deps, logger }, huntRequest);
      return { status: 200, jsonBody: summary };
    } catch (error) {
      const response = errorResponse(error);
      if ((response.status ?? 500) >= 500) logger.error(`POST /api/hunt failed: ${JSON.stringify(response.jsonBody)}`);
      else logger.warn(`POST /api/hunt answered ${response.status}: ${JSON.stringify(response.jsonBody)}`);
      return response;
    }
  };
}
