import { app } from '@azure/functions';
import { createHuntTimerHandler } from '../src/triggers/huntTimerHandler.js';
import { getDependencies } from './dependencies.js';

// Schedule from the HUNT_SCHEDULE app setting (six-field NCRONTAB; default in local.settings.sample.json: hourly).
app.timer('huntTimer', {
  schedule: '%HUNT_SCHEDULE%',
  runOnStartup: false,
  handler: createHuntTimerHandler(getDependencies),
});
