import { app } from '@azure/functions';
import { DEFAULT_SCHEDULE } from '../src/config/loadConfig.js';
import { createHuntTimerHandler } from '../src/triggers/huntTimerHandler.js';
import { getDependencies } from './dependencies.js';

// The schedule comes from the HUNT_SCHEDULE app setting (six-field NCRONTAB), resolved by the host; without the
// setting the host could not resolve %HUNT_SCHEDULE%, so the documented default (hourly) applies instead.
app.timer('huntTimer', {
  schedule: process.env['HUNT_SCHEDULE']?.trim() ? '%HUNT_SCHEDULE%' : DEFAULT_SCHEDULE,
  runOnStartup: false,
  handler: createHuntTimerHandler(getDependencies),
});
