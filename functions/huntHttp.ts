import { app } from '@azure/functions';
import { createHuntHttpHandler } from '../src/triggers/huntHttpHandler.js';
import { getDependencies, getRunDependencies } from './dependencies.js';

app.http('huntHttp', {
  route: 'hunt',
  methods: ['POST'],
  authLevel: 'function',
  handler: createHuntHttpHandler(getDependencies, getRunDependencies),
});
