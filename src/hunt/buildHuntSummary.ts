import type { CompiledExclusions } from '../exclusions/compileExclusions.js';
import type { AggregateResult } from '../findings/aggregateFindings.js';
import type { Finding } from '../findings/finding.js';
import type { SourceCoverage } from '../query/huntSources.js';
import type { QueriedParts } from '../query/timeWindow.js';
import type { PublishOutcome } from '../sentinel/index.js';
import type { SkippedSegment } from '../state/stateStore.js';
import type { HuntSummary, IncidentSummary } from './huntSummary.js';
import type { WindowPlan } from './planWindow.js';
import type { CheckpointDecision } from './decideCheckpoint.js';
import { summarizeFinding } from './summarizeFinding.js';

/** The parts of a finished run its summary is made of. */
export interface HuntRunParts {
  readonly runId: string;
  readonly trigger: HuntSummary['trigger'];
  readonly dryRun: boolean;
  readonly queryMode: HuntSummary['queryMode'];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly plan: WindowPlan;
  /** The checkpoint state held when the run started, and what the run decided about it. */
  readonly previousCheckpoint: Date | undefined;
  readonly checkpoint: CheckpointDecision;
  readonly queried: QueriedParts;
  readonly sources: SourceCoverage;
  readonly detected: Pick<AggregateResult, 'rows' | 'candidateLines' | 'excluded' | 'rowErrors'>;
  readonly exclusionProblems: readonly string[];
  readonly expiredExclusions: CompiledExclusions['expired'];
  /** This run's findings plus those carried over, after exclusions. */
  readonly findings: readonly Finding[];
  readonly newIps: readonly string[];
  readonly resightedIps: readonly string[];
  readonly carriedOverIps: readonly string[];
  readonly outcomes: readonly PublishOutcome[];
  /** Re-sighted IPs with nothing new, for which no call was made. */
  readonly quiet: readonly IncidentSummary[];
  readonly durationsMs: HuntSummary['durationsMs'];
  /** The run stopped at its time budget (before a part of its window, or before publishing). */
  readonly budgetExhausted?: boolean;
  /** The end of the last part of the window the run recorded (scheduled runs). */
  readonly readThrough?: Date | undefined;
  /** Findings state holds as pending once the run ends. */
  readonly pendingAfter?: number;
  /** Parts of the window skipped in this run after failing in HUNT_MAX_SEGMENT_ATTEMPTS runs. */
  readonly skippedSegments?: readonly SkippedSegment[];
}

const iso = (d: Date): string => d.toISOString();

function incidentOf(outcome: PublishOutcome): IncidentSummary {
  return {
    ip: outcome.ip,
    incidentId: outcome.incidentId ?? null,
    ...(outcome.incidentNumber !== undefined ? { incidentNumber: outcome.incidentNumber } : {}),
    action: outcome.action,
    ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
  };
}

/** What a run reports, from its parts; dates become ISO-8601 text and dry runs carry their payloads. */
export function buildHuntSummary(parts: HuntRunParts): HuntSummary {
  const { plan, queried, detected, outcomes, previousCheckpoint, checkpoint } = parts;
  const { window } = plan;
  const held = previousCheckpoint ? iso(previousCheckpoint) : null;
  return {
    runId: parts.runId,
    trigger: parts.trigger,
    dryRun: parts.dryRun,
    queryMode: parts.queryMode,
    startedAt: iso(parts.startedAt),
    finishedAt: iso(parts.finishedAt),
    window: { start: iso(window.start), end: iso(window.end), source: plan.source, truncated: plan.truncated },
    checkpoint: {
      previous: held,
      next: checkpoint.advanceTo ? iso(checkpoint.advanceTo) : held,
      advanced: checkpoint.advanceTo !== undefined,
      ...(checkpoint.note !== undefined ? { note: checkpoint.note } : {}),
    },
    query: {
      segments: queried.segments.map((s) => ({ start: iso(s.start), end: iso(s.end), rows: s.rows })),
      partialFailures: queried.partialFailures.map((p) => ({ start: iso(p.window.start), end: iso(p.window.end), code: p.code, message: p.message })),
      sources: { hunted: [...parts.sources.hunted], skipped: [...parts.sources.skipped], missingTables: [...parts.sources.missingTables] },
    },
    rows: detected.rows,
    candidateLines: detected.candidateLines,
    externalIps: parts.findings.length,
    newIps: parts.newIps,
    resightedIps: parts.resightedIps,
    carriedOverIps: parts.carriedOverIps,
    excluded: detected.excluded.map((e) => ({ ip: e.ip, reason: e.reason, rule: e.rule, eventCount: e.eventCount })),
    exclusionProblems: parts.exclusionProblems,
    expiredExclusions: parts.expiredExclusions.map((e) => ({ rule: e.rule, expires: iso(e.expires), ...(e.reason !== undefined ? { reason: e.reason } : {}) })),
    rowErrors: detected.rowErrors,
    findings: parts.findings.map(summarizeFinding),
    incidents: [...outcomes.map(incidentOf), ...parts.quiet],
    deferredIps: outcomes.filter((o) => o.action === 'deferred').map((o) => o.ip),
    failures: [
      ...queried.partialFailures.map((p) => ({ stage: 'query' as const, error: `${p.code}: ${p.message}` })),
      ...outcomes.filter((o) => o.action === 'failed').map((o) => ({ ip: o.ip, stage: 'publish' as const, error: o.error ?? 'unknown error' })),
    ],
    durationsMs: parts.durationsMs,
    budgetExhausted: parts.budgetExhausted ?? false,
    skippedSegments: (parts.skippedSegments ?? []).map((s) => ({ start: iso(s.start), end: iso(s.end), attempts: s.attempts, error: s.error })),
    remaining: {
      window: parts.budgetExhausted && plan.hasWork ? { start: iso(parts.readThrough ?? window.start), end: iso(window.end) } : null,
      pendingIps: parts.pendingAfter ?? 0,
    },
    ...(parts.dryRun ? { payloads: outcomes.filter((o) => o.payloads !== undefined).map((o) => ({ ip: o.ip, payloads: o.payloads })) } : {}),
  };
}
