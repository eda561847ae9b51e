import type { EvidenceReport } from '../evidence/evidence.js';
import type { Finding } from '../findings/finding.js';
import type { Logger } from '../logger.js';
import type { SeenRecord } from '../state/stateStore.js';

/** One finding to publish; `prior` is present when the IP was reported before. */
export interface PublishItem {
  readonly finding: Finding;
  readonly prior?: SeenRecord;
  /**
   * A new IP that an interrupted run may already have published: read its incident before writing it, so an incident an
   * analyst has already triaged is not overwritten (one GET more than the usual three calls).
   */
  readonly recovering?: boolean;
  /** The finding's evidence (connections, indicators), when the lookup ran; planners read it for severity, labels and text. */
  readonly evidence?: EvidenceReport;
}

export type PublishAction = 'created' | 'updated' | 'unchanged' | 'failed' | 'deferred';

export interface PublishOutcome {
  readonly ip: string;
  readonly action: PublishAction;
  /** The generation of the incident the IP is now associated with. */
  readonly generation: number;
  readonly incidentId?: string;
  readonly incidentNumber?: number;
  /** e.g. 'comment added', 'reopened', 'closed incident ignored (policy ignore)', 'over the per-run cap'. */
  readonly detail?: string;
  /** For 'failed': operation, target and the service's message. */
  readonly error?: string;
  /**
   * True when the incident an interrupted run wrote was found and left as it was, and says its evidence was not
   * available: a later run adds it.
   */
  readonly evidenceMissing?: boolean;
  /** Dry run only: the exact requests (method, path, body) that would be sent. */
  readonly payloads?: readonly PlannedRequest[];
}

/** One request the publisher would send, as it goes on the wire (body in ARM envelope form). */
export interface PlannedRequest {
  readonly method: 'GET' | 'PUT';
  /** ARM path with api-version, without the endpoint. */
  readonly path: string;
  readonly body?: unknown;
}

export interface PublishContext {
  readonly dryRun: boolean;
  /** The invocation's logger: per-IP failures and conflicts are logged there (the publisher is shared across invocations). */
  readonly logger?: Logger;
  readonly window: { readonly start: Date; readonly end: Date };
  readonly now: Date;
}

export interface Publisher {
  /** One outcome per item, in the same order; one IP's failure never throws. */
  publish(items: readonly PublishItem[], context: PublishContext): Promise<PublishOutcome[]>;
}
