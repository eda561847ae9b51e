import { app } from '@azure/functions';
import { createHuntStatusHandler } from '../src/triggers/huntStatusHandler.js';
import { getDependencies } from './dependencies.js';

app.http('huntStatus', {
  route: 'hunt/status',
  methods: ['GET'],
  authLevel: 'function',
  handler: createHuntStatusHandler(getDependencies),
});
