import { randomUUID } from 'node:crypto';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HunterConfig } from '../config/loadConfig.js';
import { describeError } from '../errors.js';
import type { ExclusionInput } from '../exclusions/exclusionInput.js';
import { compileExclusions } from '../exclusions/compileExclusions.js';
import { aggregateFindings } from '../findings/aggregateFindings.js';
import type { Finding } from '../findings/finding.js';
import { lookupEvidence } from '../evidence/lookupEvidence.js';
import { silentLogger, type Logger } from '../logger.js';
import { evidenceSummary } from './evidenceSummary.js';
import { buildHuntQuery } from '../query/buildHuntQuery.js';
import { sourceCoverage, sourceTables } from '../query/huntSources.js';
import { querySegments, type QueriedSegment } from '../query/querySegments.js';
import type { TimeWindow } from '../query/timeWindow.js';
import type { Publisher, PublishOutcome, WatchlistExclusions } from '../sentinel/index.js';
import type { HuntProgress, RunLease, StateStore } from '../state/stateStore.js';
import type { HuntSummary } from './huntSummary.js';
import { buildHuntSummary } from './buildHuntSummary.js';
import { logHuntSummary } from './huntTelemetry.js';
import { carryOverPending } from './carryOverPending.js';
import { decideCheckpoint } from './decideCheckpoint.js';
import { decideNovelty } from './decideNovelty.js';
import { keepLease } from './keepLease.js';
import { planWindow } from './planWindow.js';
import { readSegments, type SegmentsRead } from './readSegments.js';
import { settleRun, type SettlePlan } from './settleRun.js';
import { queryCallTimeoutMs } from './queryCallTimeoutMs.js';

/** What a hunt talks to; built by createHuntDependencies in production, by the local workspace in tests and `npm start`. */
export interface HuntDependencies {
  readonly config: HunterConfig;
  readonly logs: Pick<LogsQueryClient, 'queryWorkspace'>;
  readonly publisher: Publisher;
  readonly state: StateStore;
  /** Reads the exclusion watchlist (EXCLUSION_WATCHLIST), when one is configured. */
  readonly exclusionWatchlist?: (now: Date, logger: Logger) => Promise<WatchlistExclusions>;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Milliseconds on a monotonic clock, for the time budget; defaults to performance.now (tests drive their own). */
  readonly elapsed?: () => number;
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

async function* emptySegments(): AsyncGenerator<QueriedSegment> {}

/** Record where the checkpoint is held (and for how many runs), or that it no longer is; only when that changed. */
async function recordProgress(state: StateStore, before: HuntProgress, read: SegmentsRead, hasCheckpoint: boolean): Promise<void> {
  const heldAt = read.heldAt;
  const held = heldAt && { at: heldAt, attempts: read.heldAttempts, error: read.partialFailures.map((p) => `${p.code}: ${p.message}`).join('; ') };
  // Once a checkpoint exists the first window's start has done its job.
  const firstWindowStart = hasCheckpoint ? undefined : before.firstWindowStart;
  const after: HuntProgress = { ...(firstWindowStart ? { firstWindowStart } : {}), ...(held ? { held } : {}) };
  if (JSON.stringify(after) !== JSON.stringify(before)) await state.putProgress(after);
}

/** How many findings state holds as pending once the run's writes are made. */
function pendingCountAfter(pending: readonly Finding[], settled: SettlePlan): number {
  const ips = new Set(pending.map((p) => p.ip));
  for (const f of settled.putPending) ips.add(f.ip);
  for (const ip of settled.deletePending) ips.delete(ip);
  return ips.size;
}

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
  const timedSync = <T>(key: keyof typeof durations, fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      durations[key] += Math.round(performance.now() - t);
    }
  };

  // Dry runs change nothing, so they need no lock and never block a real run.
  let lease: RunLease | undefined;
  if (!dryRun) lease = await timed('state', () => state.acquireLease(`${request.trigger}:${runId}`, config.state.lockDurationMs, started));
  const kept = lease && keepLease(lease, config.state.lockDurationMs / 3, clock, logger);
  try {
    const checkpoint = await timed('state', () => state.getCheckpoint());
    const scheduled = !request.window && request.lookbackMs === undefined;
    let progress: HuntProgress = scheduled ? await timed('state', () => state.getProgress()) : {};
    const plan = planWindow(config.window, started, checkpoint, request, checkpoint ? undefined : progress.firstWindowStart);
    const { window } = plan;
    logger.info(`Hunt ${runId} (${request.trigger}${dryRun ? ', dry run' : ''}): window ${iso(window.start)}/${iso(window.end)} (${plan.source})`);

    const queryText = buildHuntQuery(config.query);
    // The seed query reads SecurityEvent only; the hunting query reads the configured sources through a fuzzy union.
    const sources = config.query.mode === 'seed' ? (['securityevent'] as const) : config.query.sources;
    const watchlist = deps.exclusionWatchlist ? await timed('exclusions', () => deps.exclusionWatchlist!(started, logger)) : undefined;
    for (const problem of watchlist?.problems ?? []) logger.warn(problem);
    const standing = mergeExclusions(config.detection.exclusions, watchlist && { cidrs: watchlist.cidrs, rules: [] });
    const exclusions = compileExclusions(mergeExclusions(standing, request.extraExclusions), started);
    for (const rule of exclusions.wholeFamily) logger.warn(`Exclusion ${rule} excludes every address of its family: detection of those addresses is off`);
    for (const expired of exclusions.expired) logger.warn(`Exclusion ${expired.rule} expired on ${iso(expired.expires)} and was ignored`);

    const pendingAtStart = await timed('state', () => state.getPending());
    // A scheduled run records each part of its window as it completes (its findings pending, the checkpoint moved).
    const durable =
      !dryRun && plan.source === 'scheduled'
        ? {
            state,
            pending: new Map(pendingAtStart.map((f) => [f.ip, f])),
            held: progress.held,
            maxAttempts: config.run.maxSegmentAttempts,
            now: started,
          }
        : undefined;
    // Before the first checkpoint exists, fix where the first window starts: a first run that fails must not let it slide.
    if (durable && !checkpoint && !progress.firstWindowStart && plan.hasWork) {
      progress = { ...progress, firstWindowStart: window.start };
      await timed('state', () => state.putProgress(progress));
    }
    // Reading gets the first half of the budget, so that a backlog read slowly still leaves time to publish what it found.
    const elapsed = deps.elapsed ?? (() => performance.now());
    const deadline = elapsed() + config.run.timeBudgetMs;
    const readDeadline = deadline - config.run.timeBudgetMs / 2;
    const read = await readSegments({
      segments: plan.hasWork
        ? querySegments({
            client: deps.logs,
            workspaceId: config.query.workspaceId,
            query: queryText,
            window,
            serverTimeoutSeconds: config.query.serverTimeoutSeconds,
            callTimeoutMs: queryCallTimeoutMs(config.query),
            minSplitMs: config.window.minSplitWindowMs,
            fuzzyTables: sourceTables(sources),
            logger,
          })
        : emptySegments(),
      aggregate: (rows) => timedSync('detect', () => aggregateFindings(rows, { exclusions, maxCommandLines: config.detection.maxCommandLinesPerFinding })),
      maxCommandLines: config.detection.maxCommandLinesPerFinding,
      ...(durable ? { durable } : {}),
      overBudget: () => elapsed() >= readDeadline || kept?.lost === true,
      logger,
    });
    durations.query = Math.max(0, Math.round(performance.now() - t0) - durations.detect - durations.exclusions - durations.state);
    logger.info(`Hunt ${runId}: ${read.rows} rows in ${read.segments.length} segment(s), ${read.partialFailures.length} partial failure(s)`);
    for (const rowError of read.rowErrors) logger.warn(`Row ${rowError.index} skipped: ${rowError.message}`);
    const coverage = sourceCoverage(sources, read.unresolvedTables);
    if (read.unresolvedTables.length > 0) {
      logger.info(`Hunt ${runId}: tables not in the workspace: ${read.unresolvedTables.join(', ')}; sources skipped: ${coverage.skipped.join(', ') || 'none'}`);
    }
    // An explicit window read completely replays the skipped parts it covers: they are no longer skipped.
    if (!dryRun && plan.source === 'explicit' && plan.hasWork && read.partialFailures.length === 0 && !read.budgetExhausted) {
      await timed('state', async () => {
        const replayed = (await state.getSkipped()).filter((s) => s.start >= window.start && s.end <= window.end);
        if (replayed.length === 0) return;
        await state.deleteSkipped(replayed.map((s) => s.start));
        logger.info(`Hunt ${runId}: replayed ${replayed.length} skipped segment(s): ${replayed.map((s) => `${iso(s.start)}/${iso(s.end)}`).join(', ')}`);
      });
    }
    if (durable) await timed('state', () => recordProgress(state, progress, read, checkpoint !== undefined || read.readThrough !== undefined));
    const checkpointDecision = decideCheckpoint({ dryRun, plan, readThrough: read.readThrough, heldAt: read.heldAt, budgetExhausted: read.budgetExhausted });

    // A durable run's findings are all in pending by now; other runs join theirs to what earlier runs left pending.
    const pending = durable ? Array.from(durable.pending.values()) : pendingAtStart;
    const { findings, excludedPendingIps, ...carry } = carryOverPending(
      durable ? [] : read.findings,
      pending,
      compileExclusions(standing, started),
      config.detection.maxCommandLinesPerFinding,
      exclusions,
    );
    const wasPending = new Set(pendingAtStart.map((p) => p.ip));
    const carriedOverIps = carry.carriedOverIps.filter((ip) => wasPending.has(ip));

    const seen = await timed('state', () => state.getSeen(findings.map((f) => f.ip)));
    const decided = decideNovelty(findings, seen);
    const { quiet, newIps, resightedIps } = decided;
    // New IPs an interrupted run left in flight may already have an incident: the publisher reads before it writes them.
    const inFlight = await timed('state', () => state.getInFlight());
    // Evidence for everything published or re-sighted, one query per chunk; a failure leaves those IPs without it.
    const evidenceStarted = performance.now();
    const lookup =
      config.evidence.sources.length > 0 && decided.items.length > 0 && elapsed() < deadline
        ? await lookupEvidence({
            client: deps.logs,
            workspaceId: config.query.workspaceId,
            findings: decided.items.map((item) => item.finding),
            windowEnd: window.end,
            config: config.evidence,
            serverTimeoutSeconds: config.query.serverTimeoutSeconds,
            logger,
          })
        : undefined;
    const evidenceMs = Math.round(performance.now() - evidenceStarted);
    const items = decided.items.map((decidedItem) => {
      const evidence = lookup?.reports.get(decidedItem.finding.ip);
      const item = evidence ? { ...decidedItem, evidence } : decidedItem;
      return !item.prior && inFlight.has(item.finding.ip) ? { ...item, recovering: true } : item;
    });
    // Past the budget nothing is published: every item waits, pending, for the next run.
    const publishing = items.length > 0 && elapsed() < deadline && kept?.lost !== true;
    // Marked before publishing: a run that stops halfway leaves them for the next one to recover.
    if (!dryRun && publishing && newIps.length > 0) await timed('state', () => state.putInFlight(newIps));

    const outcomes: PublishOutcome[] = !publishing
      ? items.map(({ finding }) => ({ ip: finding.ip, action: 'deferred', generation: 0, detail: 'time budget exhausted before publishing' }))
      : await timed('publish', () => deps.publisher.publish(items, { logger, dryRun, window, now: started }));
    const settled = settleRun({
      dryRun,
      items,
      outcomes,
      seen,
      pendingIps: pending.map((p) => p.ip),
      excludedPendingIps,
      quietIps: quiet.map((q) => q.ip),
      inFlight,
      now: started,
      evidenceRetryRuns: config.evidence.retryRuns,
    });
    if (settled.evidenceRetryIps.length > 0) logger.info(`Hunt ${runId}: evidence to look up again next run for ${settled.evidenceRetryIps.length} IP(s): ${settled.evidenceRetryIps.join(', ')}`);
    if (settled.evidenceGivenUpIps.length > 0) {
      logger.warn(`Hunt ${runId}: evidence still not available after ${config.evidence.retryRuns} retries (EVIDENCE_RETRY_RUNS), given up for ${settled.evidenceGivenUpIps.length} IP(s): ${settled.evidenceGivenUpIps.join(', ')}`);
    }
    await timed('state', async () => {
      if (settled.putSeen.length > 0) await state.putSeen(settled.putSeen);
      if (settled.putPending.length > 0) await state.putPending(settled.putPending);
      if (settled.deletePending.length > 0) await state.deletePending(settled.deletePending);
      if (settled.deleteInFlight.length > 0) await state.deleteInFlight(settled.deleteInFlight);
    });

    durations.total = Math.round(performance.now() - t0);
    const built = buildHuntSummary({
      runId,
      trigger: request.trigger,
      dryRun,
      queryMode: config.query.mode,
      startedAt: started,
      finishedAt: clock(),
      plan,
      previousCheckpoint: checkpoint,
      checkpoint: checkpointDecision,
      queried: read,
      sources: coverage,
      detected: read,
      budgetExhausted: read.budgetExhausted || (items.length > 0 && !publishing),
      skippedSegments: read.skipped,
      readThrough: read.readThrough,
      pendingAfter: pendingCountAfter(pending, settled),
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
    const summary = lookup ? { ...built, evidence: evidenceSummary(lookup, evidenceMs) } : built;
    const { incidents } = summary;
    const failures = summary.failures.filter((f) => f.stage === 'publish');
    const counts = incidents.reduce<Record<string, number>>((acc, i) => ((acc[i.action] = (acc[i.action] ?? 0) + 1), acc), {});
    logger.info(
      `Hunt ${runId} done: ${findings.length} external IP(s), ${newIps.length} new, ${resightedIps.length} re-sighted, ` +
        `${read.excluded.length} exclusion hit(s), incidents ${JSON.stringify(counts)}, ${failures.length} failure(s), ${read.skipped.length} skipped segment(s), ${durations.total} ms`,
    );
    if (!dryRun) await timed('state', () => state.putLastSummary(summary));
    logHuntSummary(logger, summary);
    return summary;
  } catch (error) {
    logger.error(`Hunt ${runId} failed: ${describeError(error)}`);
    throw error;
  } finally {
    await kept?.stop();
    if (lease) {
      await lease.release().catch((error: unknown) => logger.warn(`Hunt ${runId}: releasing the run lock failed: ${describeError(error)}`));
    }
  }
}
