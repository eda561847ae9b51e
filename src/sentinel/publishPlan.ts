import type { Incident } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import type { SeenRecord } from '../state/stateStore.js';
import type { PublishContext, PublishOutcome } from './publishTypes.js';
import type { ReadIncident, PublishStep } from './publishSteps.js';
import type { ResightingNews } from './resighting.js';

/** What is known of an IP's incident when its publishing is planned. */
export type KnownIncident =
  /** A new IP: nothing was published for it. */
  | { readonly state: 'new' }
  /** A new IP an interrupted run left in flight: its incident may exist already. */
  | { readonly state: 'inFlight' }
  /** Reported before; its incident has not been read (yet). */
  | { readonly state: 'notRead'; readonly prior: SeenRecord }
  | { readonly state: 'open'; readonly prior: SeenRecord; readonly incident: Incident }
  /** `closedAt` is when it was closed as far as the service tells (its last modification), if it tells. */
  | { readonly state: 'closed'; readonly prior: SeenRecord; readonly incident: Incident; readonly closedAt: Date | undefined }
  /** Reported before, and the incident no longer exists (404). */
  | { readonly state: 'gone'; readonly prior: SeenRecord };

/** Everything known once the incident was read, if it needed reading. */
export type ReadKnownIncident = Exclude<KnownIncident, { readonly state: 'notRead' }>;

/** What planning reads besides the finding: settings, the workspace id in every deterministic id, and the run. */
export interface PlanSettings {
  readonly config: SentinelConfig;
  readonly workspaceId: string;
  readonly context: Pick<PublishContext, 'window' | 'now'>;
}

/**
 * A new incident (`create` for a new IP, `newGeneration` superseding a closed or deleted one). It needs a slot under the
 * per-run cap, which the caller grants or not; `whenDeferred` is the outcome when it does not.
 */
export interface NewIncidentPlan {
  readonly kind: 'create' | 'newGeneration';
  readonly ip: string;
  readonly generation: number;
  readonly incidentId: string;
  /** Why the new generation was raised, said in the outcome's detail. */
  readonly because?: string;
  /** The steps read the incident first and leave an existing one as it is. */
  readonly recovering: boolean;
  readonly whenDeferred: PublishOutcome;
  readonly steps: readonly PublishStep[];
}

interface ResightingPlanBase {
  readonly ip: string;
  readonly generation: number;
  readonly incidentId: string;
  readonly news: ResightingNews;
  readonly steps: readonly PublishStep[];
}

/**
 * A reported IP whose incident was not read: a real run reads it (`read`) and plans again with what it found; the steps
 * are the read and then what an open incident would get, without the update, whose body depends on what is read.
 */
export interface ReadPlan extends ResightingPlanBase {
  readonly kind: 'read';
  readonly prior: SeenRecord;
  readonly read: ReadIncident;
}

/** A re-sighting of an open incident (`resight`), or of a closed one that the policy reopens (`reopen`). */
export interface ResightPlan extends ResightingPlanBase {
  readonly kind: 'resight' | 'reopen';
  /** The incident as read. */
  readonly current: Incident;
}

/** Nothing to send: the outcome is known (`nothing`, e.g. a closed incident ignored; `defer`, no slot under the cap). */
export interface SettledPlan {
  readonly kind: 'nothing' | 'defer';
  readonly outcome: PublishOutcome;
  readonly steps: readonly PublishStep[];
}

export type PublishPlan = NewIncidentPlan | ReadPlan | ResightPlan | SettledPlan;

/** A plan made knowing the incident's state: what a real run executes. */
export type DecidedPlan = Exclude<PublishPlan, ReadPlan>;
