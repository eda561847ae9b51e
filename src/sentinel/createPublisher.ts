import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { silentLogger, type Logger } from '../logger.js';
import { createLimiter } from '../createLimiter.js';
import { executeSteps, type StepSender } from './executeSteps.js';
import { plannedRequests } from './plannedRequests.js';
import { deferredPlan } from './planNewIncident.js';
import { knownAfterReading, knownBeforeReading, planPublish } from './planPublish.js';
import type { PlanSettings, PublishPlan } from './publishPlan.js';
import { dryRunOutcome, executedOutcome } from './publishOutcomes.js';
import type { PublishContext, Publisher, PublishItem, PublishOutcome } from './publishTypes.js';

export interface PublisherOptions {
  readonly client: SecurityInsights;
  readonly config: SentinelConfig;
  /** The Log Analytics workspace id (GUID); part of every deterministic id. */
  readonly workspaceId: string;
}

/** A counter of new incidents still allowed in this run. */
interface Budget {
  take(): boolean;
}

function createBudget(max: number): Budget {
  let left = max;
  return {
    take() {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
}

/**
 * The Sentinel publisher: for each item it plans (planPublish, pure) and then sends the plan's steps (executeSteps).
 * For a new IP it writes exactly three resources, all with deterministic ids: a hunting bookmark carrying the entities,
 * the incident, and the relation from the incident to the bookmark. For an IP reported before (`prior`) it reads the
 * incident and plans again with what it found (re-sight, reopen, new generation or nothing; see planResighting).
 * A new IP whose incident already exists is written again in place — same ids, so nothing is duplicated; an IP an
 * interrupted run left in flight (`recovering`) is read first, and an incident found is left as it is.
 * New incidents beyond `maxIncidentsPerRun` are returned as 'deferred': new IPs are admitted in input order, before any
 * is sent, so which ones are deferred does not depend on timing; a new generation takes a slot when it is decided.
 * At most `concurrency` IPs are in flight; one IP's failure is returned as 'failed' and never stops the others.
 * Dry run plans only: it reads and sends nothing, returning the requests it would send.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { client, config, workspaceId } = options;

  /** Plan one item, admit a new incident to the cap or defer it, then send the plan (or, in a dry run, return it). */
  async function publishOne(item: PublishItem, context: PublishContext, sender: StepSender, takeSlot: () => boolean): Promise<PublishOutcome> {
    const { finding } = item;
    const settings: PlanSettings = { config, workspaceId, context };
    let plan: PublishPlan = planPublish(finding, knownBeforeReading(item), settings, item.evidence);
    if (plan.kind === 'read') {
      if (context.dryRun) return dryRunOutcome(plan, plannedRequests(plan.steps, config));
      const { found } = await executeSteps(sender, finding.ip, [plan.read]);
      plan = planPublish(finding, knownAfterReading(plan.prior, found), settings, item.evidence);
    }
    if ((plan.kind === 'create' || plan.kind === 'newGeneration') && !takeSlot()) plan = deferredPlan(plan);
    if (context.dryRun) return dryRunOutcome(plan, plannedRequests(plan.steps, config));
    return executedOutcome(plan, await executeSteps(sender, finding.ip, plan.steps));
  }

  return {
    async publish(items: readonly PublishItem[], context: PublishContext): Promise<PublishOutcome[]> {
      // The logger comes with each call: one publisher serves every invocation, each with its own logger.
      const logger = context.logger ?? silentLogger;
      const sender: StepSender = { client, resourceGroup: config.resourceGroup, workspaceName: config.workspaceName, logger };
      const budget = createBudget(config.maxIncidentsPerRun);
      // New IPs are admitted to the cap in input order, so which ones are deferred does not depend on timing.
      const admitted = items.map((item) => (item.prior ? true : budget.take()));
      const limit = createLimiter(config.concurrency);
      const outcomes = await Promise.all(
        items.map((item, index) =>
          limit(async (): Promise<PublishOutcome> => {
            try {
              return await publishOne(item, context, sender, () => (item.prior ? budget.take() : admitted[index]!));
            } catch (error) {
              return failed(item, error, logger);
            }
          }),
        ),
      );
      const counts: Record<string, number> = {};
      for (const o of outcomes) counts[o.action] = (counts[o.action] ?? 0) + 1;
      logger.info(`Sentinel publish${context.dryRun ? ' (dry run)' : ''}: ${JSON.stringify(counts)}`);
      return outcomes;
    },
  };

  function failed({ finding, prior }: PublishItem, error: unknown, logger: Logger): PublishOutcome {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn(`Publishing ${finding.ip} failed: ${message}`);
    return {
      ip: finding.ip,
      action: 'failed',
      generation: prior?.generation ?? 1,
      ...(prior ? { incidentId: prior.incidentId } : {}),
      error: message,
    };
  }
}
