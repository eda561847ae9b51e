import type { Logger } from '../logger.js';
import type { HuntSummary } from './huntSummary.js';

/** The word that starts the one structured log line of a run: `HuntSummary {…json…}`. */
export const HUNT_SUMMARY_EVENT = 'HuntSummary';

/** A run's numbers as one flat record: what Application Insights queries chart and alert on. */
export interface HuntTelemetry {
  readonly runId: string;
  readonly trigger: HuntSummary['trigger'];
  readonly dryRun: boolean;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly rows: number;
  readonly candidateRows: number;
  readonly externalIps: number;
  readonly newIps: number;
  readonly resightedIps: number;
  readonly incidentsCreated: number;
  readonly incidentsUpdated: number;
  readonly incidentsFailed: number;
  readonly incidentsDeferred: number;
  readonly queryPartialFailures: number;
  readonly checkpointAdvanced: boolean;
  readonly budgetExhausted: boolean;
  readonly pendingIps: number;
  readonly queryMs: number;
  readonly exclusionsMs: number;
  readonly detectMs: number;
  readonly stateMs: number;
  readonly publishMs: number;
  readonly totalMs: number;
}

/** The summary's numbers, flat (counts, not lists: a log line stays small whatever the run found). */
export function huntTelemetry(summary: HuntSummary): HuntTelemetry {
  const count = (action: string) => summary.incidents.filter((i) => i.action === action).length;
  const d = summary.durationsMs;
  return {
    runId: summary.runId,
    trigger: summary.trigger,
    dryRun: summary.dryRun,
    windowStart: summary.window.start,
    windowEnd: summary.window.end,
    rows: summary.rows,
    candidateRows: summary.candidateLines,
    externalIps: summary.externalIps,
    newIps: summary.newIps.length,
    resightedIps: summary.resightedIps.length,
    incidentsCreated: count('created'),
    incidentsUpdated: count('updated'),
    incidentsFailed: count('failed'),
    incidentsDeferred: count('deferred'),
    queryPartialFailures: summary.query.partialFailures.length,
    checkpointAdvanced: summary.checkpoint.advanced,
    budgetExhausted: summary.budgetExhausted,
    pendingIps: summary.remaining.pendingIps,
    queryMs: d.query,
    exclusionsMs: d.exclusions,
    detectMs: d.detect,
    stateMs: d.state,
    publishMs: d.publish,
    totalMs: d.total,
  };
}

/**
 * Log the run's one structured line, `HuntSummary {json}`. NOTE: the v4 programming model sends `context.log`
 * arguments to the host as one formatted string (@azure/functions InvocationModel: `coreCtx.log(level, category,
 * format(...args))`, util.format), so an object never becomes customDimensions of the trace. The record therefore
 * travels as JSON in the message, and KQL reads it back with `parse_json(substring(message, 12))` (README,
 * "Telemetry"); no telemetry SDK is added for it.
 */
export function logHuntSummary(logger: Logger, summary: HuntSummary): void {
  logger.info(`${HUNT_SUMMARY_EVENT} ${JSON.stringify(huntTelemetry(summary))}`);
}
