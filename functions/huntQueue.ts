import { app } from '@azure/functions';
import { DEFAULT_QUEUE_NAME } from '../src/config/loadConfig.js';
import { createHuntQueueHandler } from '../src/triggers/huntQueueHandler.js';
import { getDependencies, getRunDependencies } from './dependencies.js';

// The runs POST /api/hunt queued. The queue name comes from HUNT_QUEUE_NAME, resolved by the host; without the setting
// the host could not resolve %HUNT_QUEUE_NAME%, so the default applies. `AzureWebJobsStorage` is the app's own storage
// (its identity-based form AzureWebJobsStorage__queueServiceUri / __accountName works too). Redelivery and the poison
// queue follow host.json `extensions.queues`.
app.storageQueue('huntQueue', {
  queueName: process.env['HUNT_QUEUE_NAME']?.trim() ? '%HUNT_QUEUE_NAME%' : DEFAULT_QUEUE_NAME,
  connection: 'AzureWebJobsStorage',
  handler: createHuntQueueHandler(getDependencies, getRunDependencies),
});
