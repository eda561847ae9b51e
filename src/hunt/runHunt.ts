import { randomUUID } from 'node:crypto';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HunterConfig } from '../config/loadConfig.js';
import { describeError } from '../errors.js';
import type { ExclusionInput } from '../exclusions/exclusionInput.js';
import { compileExclusions } from '../exclusions/compileExclusions.js';
import { aggregateFindings } from '../findings/aggregateFindings.js';
import type { EventRow, Finding } from '../findings/finding.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildHuntQuery } from '../query/buildHuntQuery.js';
import { queryWindow, type QueryWindowResult, type TimeWindow } from '../query/queryWindow.js';
import type { Publisher, WatchlistExclusions } from '../sentinel/index.js';
import type { RunLease, SeenRecord, StateStore } from '../state/stateStore.js';
import type { HuntSummary, IncidentSummary } from './huntSummary.js';
import { decideNovelty } from './decideNovelty.js';
import { mergeFindings } from './mergeFindings.js';
import { nextSeenRecord } from './nextSeenRecord.js';
import { planWindow } from './planWindow.js';
import { summarizeFinding } from './summarizeFinding.js';

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
      aggregateFindings(queried.rows as unknown as EventRow[], { exclusions, maxCommandLines: config.detection.maxCommandLinesPerFinding }),
    );
    for (const expired of exclusions.expired) logger.warn(`Exclusion ${expired.rule} expired on ${iso(expired.expires)} and was ignored`);
    for (const rowError of detected.rowErrors) logger.warn(`Row ${rowError.index} skipped: ${rowError.message}`);

    // Findings carried over from earlier runs (failed or over the cap) join this run's, unless now excluded.
    const pending = await timed('state', () => state.getPending());
    const byIp = new Map(detected.findings.map((f) => [f.ip, f]));
    const carriedOver: string[] = [];
    const droppedPending: string[] = [];
    for (const p of pending) {
      const match = exclusions.match({ ip: p.ip });
      if (match) {
        droppedPending.push(p.ip);
        continue;
      }
      carriedOver.push(p.ip);
      const current = byIp.get(p.ip);
      byIp.set(p.ip, current ? mergeFindings(p, current, config.detection.maxCommandLinesPerFinding) : p);
    }
    const findings = [...byIp.values()];

    const seen = await timed('state', () => state.getSeen(findings.map((f) => f.ip)));
    const decided = decideNovelty(findings, seen);
    const { quiet, newIps, resightedIps } = decided;
    // New IPs an interrupted run left in flight may already have an incident: the publisher reads before it writes them.
    const inFlight = await timed('state', () => state.getInFlight());
    const items = decided.items.map((item) => (!item.prior && inFlight.has(item.finding.ip) ? { ...item, recovering: true } : item));
    const publishingNew = items.filter((item) => !item.prior).map((item) => item.finding.ip);
    if (!dryRun && publishingNew.length > 0) await timed('state', () => state.putInFlight(publishingNew));

    const outcomes = items.length === 0 ? [] : await timed('publish', () => deps.publisher.publish(items, { dryRun, queryText, window, now: started }));
    const failures: { ip?: string; stage: 'query' | 'publish' | 'state'; error: string }[] = [];
    const toRemember: SeenRecord[] = [];
    const toCarry: Finding[] = [];
    const published: string[] = [];
    outcomes.forEach((outcome, i) => {
      const { finding } = items[i]!;
      if (outcome.action === 'failed') {
        failures.push({ ip: finding.ip, stage: 'publish', error: outcome.error ?? 'unknown error' });
        toCarry.push(finding);
      } else if (outcome.action === 'deferred') {
        toCarry.push(finding);
      } else {
        toRemember.push(nextSeenRecord(finding, outcome, seen.get(finding.ip), started));
        published.push(finding.ip);
      }
    });

    let advanced = false;
    let note: string | undefined;
    const next = plan.source === 'scheduled' ? window.end : undefined;
    if (dryRun) {
      note = 'dry run: state and checkpoint unchanged';
    } else {
      await timed('state', async () => {
        if (toRemember.length > 0) await state.putSeen(toRemember);
        if (toCarry.length > 0) await state.putPending(toCarry);
        const wasPending = new Set(pending.map((p) => p.ip));
        const done = [...published, ...droppedPending].filter((ip) => wasPending.has(ip));
        if (done.length > 0) await state.deletePending(done);
        // Recorded as seen, or deferred with nothing written: no longer in flight. A failed new IP stays in flight (part of
        // it may have been written), and so does a deferred one an earlier run left in flight: the run that publishes it
        // reads its incident before writing it.
        const recorded = new Set(published);
        const failedIps = new Set(failures.map((f) => f.ip));
        const settled = publishingNew.filter((ip) => recorded.has(ip) || (!failedIps.has(ip) && !inFlight.has(ip)));
        if (settled.length > 0) await state.deleteInFlight(settled);
      });
      if (plan.source !== 'scheduled') note = 'explicit window: checkpoint unchanged';
      else if (queried.partialFailures.length > 0) note = 'partial query failure: checkpoint held so the window is queried again';
      else if (plan.hasWork) {
        await timed('state', () => state.setCheckpoint(window.end));
        advanced = true;
      } else note = 'nothing to query yet';
    }

    const incidents: IncidentSummary[] = [
      ...outcomes.map((o) => ({
        ip: o.ip,
        incidentId: o.incidentId ?? null,
        ...(o.incidentNumber !== undefined ? { incidentNumber: o.incidentNumber } : {}),
        action: o.action,
        ...(o.detail !== undefined ? { detail: o.detail } : {}),
      })),
      ...quiet,
    ];
    durations.total = Math.round(performance.now() - t0);
    const summary: HuntSummary = {
      runId,
      trigger: request.trigger,
      dryRun,
      queryMode: config.query.mode,
      startedAt: iso(started),
      finishedAt: iso(clock()),
      window: { start: iso(window.start), end: iso(window.end), source: plan.source, truncated: plan.truncated },
      checkpoint: {
        previous: checkpoint ? iso(checkpoint) : null,
        next: advanced && next ? iso(next) : checkpoint ? iso(checkpoint) : null,
        advanced,
        ...(note !== undefined ? { note } : {}),
      },
      query: {
        segments: queried.segments.map((s) => ({ start: iso(s.start), end: iso(s.end), rows: s.rows })),
        partialFailures: queried.partialFailures.map((p) => ({ start: iso(p.window.start), end: iso(p.window.end), code: p.code, message: p.message })),
      },
      rows: detected.rows,
      candidateLines: detected.candidateLines,
      externalIps: findings.length,
      newIps,
      resightedIps,
      carriedOverIps: carriedOver,
      excluded: detected.excluded.map((e) => ({ ip: e.ip, reason: e.reason, rule: e.rule, eventCount: e.eventCount })),
      exclusionProblems: watchlist?.problems ?? [],
      expiredExclusions: exclusions.expired.map((e) => ({ rule: e.rule, expires: iso(e.expires), ...(e.reason !== undefined ? { reason: e.reason } : {}) })),
      rowErrors: detected.rowErrors,
      findings: findings.map(summarizeFinding),
      incidents,
      deferredIps: outcomes.filter((o) => o.action === 'deferred').map((o) => o.ip),
      failures: [
        ...queried.partialFailures.map((p) => ({ stage: 'query' as const, error: `${p.code}: ${p.message}` })),
        ...failures,
      ],
      durationsMs: durations,
      ...(dryRun ? { payloads: outcomes.filter((o) => o.payloads !== undefined).map((o) => ({ ip: o.ip, payloads: o.payloads })) } : {}),
    };
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
