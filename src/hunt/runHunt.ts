import { randomUUID } from 'node:crypto';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HunterConfig } from '../config/loadConfig.js';
import { describeError } from '../errors.js';
import type { ExclusionInput } from '../exclusions/exclusionInput.js';
import { compileExclusions } from '../exclusions/compileExclusions.js';
import { aggregateFindings } from '../findings/aggregateFindings.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildHuntQuery } from '../query/buildHuntQuery.js';
import { queryWindow, type QueryWindowResult, type TimeWindow } from '../query/queryWindow.js';
import type { Publisher, WatchlistExclusions } from '../sentinel/index.js';
import type { RunLease, StateStore } from '../state/stateStore.js';
import type { HuntSummary } from './huntSummary.js';
import { buildHuntSummary } from './buildHuntSummary.js';
import { carryOverPending } from './carryOverPending.js';
import { decideNovelty } from './decideNovelty.js';
import { planWindow } from './planWindow.js';
import { settleRun } from './settleRun.js';

/** What a hunt talks to; built by createHuntDependencies in production, by the local workspace in tests and `npm start`. */
export interface HuntDependencies {
  readonly config: HunterConfig;
  readonly logs: Pick<LogsQueryClient, 'queryWorkspace'>;
  readonly publisher: Publisher;
  readonly state: StateStore;
  /** Reads the exclusion watchlist (EXCLUSION_WATCHLIST), when one is configured. */
  readonly exclusionWatchlist?: (now: Date) => Promise<WatchlistExclusions>;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

export interface HuntRequest {
  readonly trigger: HuntSummary['trigger'];
  /** An explicit window (HTTP, CLI): the checkpoint is neither used nor moved. */
  readonly window?: TimeWindow;
  /** Or a duration back from now. Without either, the scheduled window from the checkpoint. */
  readonly lookbackMs?: number;
  /** Compute everything, publish nothing, change no state; the summary carries the payloads. */
  readonly dryRun?: boolean;
  /** Extra exclusions for this run only (HTTP body). */
  readonly extraExclusions?: ExclusionInput;
}

const iso = (d: Date): string => d.toISOString();

function mergeExclusions(...inputs: (ExclusionInput | undefined)[]): ExclusionInput {
  const present = inputs.filter((i): i is ExclusionInput => i !== undefined);
  return { cidrs: present.flatMap((i) => i.cidrs), rules: present.flatMap((i) => i.rules) };
}

/**
 * One hunt: plan the window, query Log Analytics, detect and exclude, decide novelty against state, publish to Sentinel,
 * then record state and advance the checkpoint only for what succeeded. Used by the timer, the HTTP trigger and the CLI.
 * Throws RunInProgressError when another run holds the lock, and ServiceError/QueryError when the query itself fails;
 * one IP's publishing failure is a value in the summary, carried to the next run.
 */
export async function runHunt(deps: HuntDependencies, request: HuntRequest): Promise<HuntSummary> {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.now ?? (() => new Date());
  const { config, state } = deps;
  const dryRun = request.dryRun ?? config.dryRun;
  const started = clock();
  const runId = randomUUID();
  const t0 = performance.now();
  const durations = { query: 0, exclusions: 0, detect: 0, state: 0, publish: 0, total: 0 };
  const timed = async <T>(key: keyof typeof durations, fn: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      durations[key] += Math.round(performance.now() - t);
    }
  };

  // Dry runs change nothing, so they need no lock and never block a real run.
  let lease: RunLease | undefined;
  if (!dryRun) lease = await timed('state', () => state.acquireLease(`${request.trigger}:${runId}`, config.state.lockDurationMs, started));
  try {
    const checkpoint = await timed('state', () => state.getCheckpoint());
    const plan = planWindow(config.window, started, checkpoint, request);
    const { window } = plan;
    logger.info(`Hunt ${runId} (${request.trigger}${dryRun ? ', dry run' : ''}): window ${iso(window.start)}/${iso(window.end)} (${plan.source})`);

    const queryText = buildHuntQuery(config.query);
    let queried: QueryWindowResult = { rows: [], segments: [], partialFailures: [] };
    if (plan.hasWork) {
      queried = await timed('query', () =>
        queryWindow({
          client: deps.logs,
          workspaceId: config.query.workspaceId,
          query: queryText,
          window,
          serverTimeoutSeconds: config.query.serverTimeoutSeconds,
          minSplitMs: config.window.minSplitWindowMs,
          logger,
        }),
      );
    }
    logger.info(`Hunt ${runId}: ${queried.rows.length} rows in ${queried.segments.length} segment(s), ${queried.partialFailures.length} partial failure(s)`);

    const watchlist = deps.exclusionWatchlist ? await timed('exclusions', () => deps.exclusionWatchlist!(started)) : undefined;
    for (const problem of watchlist?.problems ?? []) logger.warn(problem);
    const exclusions = compileExclusions(
      mergeExclusions(config.detection.exclusions, watchlist && { cidrs: watchlist.cidrs, rules: [] }, request.extraExclusions),
      started,
    );
    const detected = await timed('detect', () =>
      aggregateFindings(queried.rows, { exclusions, maxCommandLines: config.detection.maxCommandLinesPerFinding }),
    );
    for (const expired of exclusions.expired) logger.warn(`Exclusion ${expired.rule} expired on ${iso(expired.expires)} and was ignored`);
    for (const rowError of detected.rowErrors) logger.warn(`Row ${rowError.index} skipped: ${rowError.message}`);

    const pending = await timed('state', () => state.getPending());
    const { findings, carriedOverIps, excludedPendingIps } = carryOverPending(detected.findings, pending, exclusions, config.detection.maxCommandLinesPerFinding);

    const seen = await timed('state', () => state.getSeen(findings.map((f) => f.ip)));
    const decided = decideNovelty(findings, seen);
    const { quiet, newIps, resightedIps } = decided;
    // New IPs an interrupted run left in flight may already have an incident: the publisher reads before it writes them.
    const inFlight = await timed('state', () => state.getInFlight());
    const items = decided.items.map((item) => (!item.prior && inFlight.has(item.finding.ip) ? { ...item, recovering: true } : item));
    // Marked before publishing: a run that stops halfway leaves them for the next one to recover.
    if (!dryRun && newIps.length > 0) await timed('state', () => state.putInFlight(newIps));

    const outcomes = items.length === 0 ? [] : await timed('publish', () => deps.publisher.publish(items, { dryRun, queryText, window, now: started }));
    const settled = settleRun({
      dryRun,
      plan,
      queryPartialFailures: queried.partialFailures.length,
      items,
      outcomes,
      seen,
      pendingIps: pending.map((p) => p.ip),
      excludedPendingIps,
      inFlight,
      now: started,
    });
    // A dry run's plan is empty. The checkpoint moves last, once everything else is recorded.
    await timed('state', async () => {
      if (settled.putSeen.length > 0) await state.putSeen(settled.putSeen);
      if (settled.putPending.length > 0) await state.putPending(settled.putPending);
      if (settled.deletePending.length > 0) await state.deletePending(settled.deletePending);
      if (settled.deleteInFlight.length > 0) await state.deleteInFlight(settled.deleteInFlight);
    });
    const { advanceTo } = settled.checkpoint;
    if (advanceTo) await timed('state', () => state.setCheckpoint(advanceTo));

    durations.total = Math.round(performance.now() - t0);
    const summary = buildHuntSummary({
      runId,
      trigger: request.trigger,
      dryRun,
      queryMode: config.query.mode,
      startedAt: started,
      finishedAt: clock(),
      plan,
      previousCheckpoint: checkpoint,
      checkpoint: settled.checkpoint,
      queried,
      detected,
      exclusionProblems: watchlist?.problems ?? [],
      expiredExclusions: exclusions.expired,
      findings,
      newIps,
      resightedIps,
      carriedOverIps,
      outcomes,
      quiet,
      // The same object: time spent saving the summary below still counts in the returned one.
      durationsMs: durations,
    });
    const { incidents } = summary;
    const failures = summary.failures.filter((f) => f.stage === 'publish');
    const counts = incidents.reduce<Record<string, number>>((acc, i) => ((acc[i.action] = (acc[i.action] ?? 0) + 1), acc), {});
    logger.info(
      `Hunt ${runId} done: ${findings.length} external IP(s), ${newIps.length} new, ${resightedIps.length} re-sighted, ` +
        `${detected.excluded.length} exclusion hit(s), incidents ${JSON.stringify(counts)}, ${failures.length} failure(s), ${durations.total} ms`,
    );
    if (!dryRun) await timed('state', () => state.putLastSummary(summary));
    return summary;
  } catch (error) {
    logger.error(`Hunt ${runId} failed: ${describeError(error)}`);
    throw error;
  } finally {
    if (lease) {
      await lease.release().catch((error: unknown) => logger.warn(`Hunt ${runId}: releasing the run lock failed: ${describeError(error)}`));
    }
  }
}
