import { seededRandom } from '../seededRandom.js';
/**
 * Fault injection for the local emulators, configured per test: queue faults for the next matching requests,
 * or inject them at a seeded rate. Each server decides how to act out a fault on its own wire protocol.
 */

export type Fault =
  /** Answer with this status (and an error body in the server's own format); 429/503 carry Retry-After. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly code?: string; readonly message?: string }
  /** Wait before handling the request normally. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Destroy the socket without answering. */
  | { readonly kind: 'reset' }
  /** Server-specific faults (e.g. Log Analytics partial failure or result too large). */
  | { readonly kind: 'partial'; readonly message?: string }
  | { readonly kind: 'tooLarge' };

export interface FaultRequest {
  readonly method: string;
  readonly path: string;
}

type Matcher = (request: FaultRequest) => boolean;

interface Queued {
  readonly fault: Fault;
  remaining: number;
  readonly match: Matcher;
}

interface Rated {
  readonly fault: Fault;
  readonly probability: number;
  readonly match: Matcher;
}

const always: Matcher = () => true;

export class FaultPlan {
  private queued: Queued[] = [];
  private rated: Rated[] = [];
  private random: () => number;
  /** Added latency for every request, in ms. */
  latencyMs = 0;
  /** How many faults were acted out, by kind. */
  readonly injected: Record<string, number> = {};

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Inject `fault` into the next `times` requests that match. */
  next(fault: Fault, options: { times?: number; match?: Matcher } = {}): this {
    this.queued.push({ fault, remaining: options.times ?? 1, match: options.match ?? always });
    return this;
  }

  /** Inject `fault` into each matching request with this probability (seeded). */
  rate(fault: Fault, probability: number, options: { match?: Matcher } = {}): this {
    this.rated.push({ fault, probability, match: options.match ?? always });
    return this;
  }

  reset(seed = 1): void {
    this.queued = [];
    this.rated = [];
    this.latencyMs = 0;
    this.random = seededRandom(seed);
    for (const key of Object.keys(this.injected)) delete this.injected[key];
  }

  /** The fault for this request, if any; counts it as injected. */
  take(request: FaultRequest): Fault | undefined {
    const index = this.queued.findIndex((q) => q.remaining > 0 && q.match(request));
    let fault: Fault | undefined;
    if (index >= 0) {
      const q = this.queued[index]!;
      q.remaining -= 1;
      if (q.remaining === 0) this.queued.splice(index, 1);
      fault = q.fault;
    } else {
      for (const r of this.rated) {
        if (r.match(request) && this.random() < r.probability) {
          fault = r.fault;
          break;
        }
      }
    }
    if (fault) this.injected[fault.kind] = (this.injected[fault.kind] ?? 0) + 1;
    return fault;
  }
}
