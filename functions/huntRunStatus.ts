import { app } from '@azure/functions';
import { createHuntRunStatusHandler } from '../src/triggers/huntRunStatusHandler.js';
import { getRunDependencies } from './dependencies.js';

app.http('huntRunStatus', {
  route: 'hunt/runs/{runId}',
  methods: ['GET'],
  authLevel: 'function',
  handler: createHuntRunStatusHandler(getRunDependencies),
});
