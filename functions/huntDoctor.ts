import { app } from '@azure/functions';
import { createHuntDoctorHandler } from '../src/triggers/huntDoctorHandler.js';

app.http('huntDoctor', {
  route: 'hunt/doctor',
  methods: ['GET'],
  authLevel: 'function',
  handler: createHuntDoctorHandler(() => ({ env: process.env })),
});
