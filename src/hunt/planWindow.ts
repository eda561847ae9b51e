import type { WindowConfig } from '../config/loadConfig.js';
import type { TimeWindow } from '../query/timeWindow.js';

/** How the window of a run was chosen; only `scheduled` windows read and move the checkpoint. */
export type WindowSource = 'scheduled' | 'explicit' | 'lookback';

export interface WindowPlan {
  readonly window: TimeWindow;
  readonly source: WindowSource;
  /** False when there is nothing to query yet (a run right after the previous one). */
  readonly hasWork: boolean;
  /** The window was cut to HUNT_MAX_WINDOW; the rest is caught up by the next runs. */
  readonly truncated: boolean;
}

/**
 * Choose a run's window.
 * - scheduled: from the checkpoint minus the ingestion delay (overlap for late events) to now minus the delay;
 *   on the first run, HUNT_FIRST_LOOKBACK back from that end — or, while no checkpoint exists yet, from where the first
 *   run fixed that start (`firstStart`), so that first runs that fail do not slide the window forward. Never longer
 *   than HUNT_MAX_WINDOW: a backlog is caught up over several runs, oldest first, so no window is skipped.
 * - explicit: the caller's start/end, as given.
 * - lookback: the caller's duration back from now (on-demand hunts want what is there now).
 */
export function planWindow(
  config: WindowConfig,
  now: Date,
  checkpoint: Date | undefined,
  request: { window?: TimeWindow; lookbackMs?: number },
  firstStart?: Date,
): WindowPlan {
  if (request.window) {
    return { window: request.window, source: 'explicit', hasWork: request.window.end > request.window.start, truncated: false };
  }
  if (request.lookbackMs !== undefined) {
    const window = { start: new Date(now.getTime() - request.lookbackMs), end: now };
    return { window, source: 'lookback', hasWork: request.lookbackMs > 0, truncated: false };
  }
  const end = now.getTime() - config.ingestionDelayMs;
  const start = checkpoint ? checkpoint.getTime() - config.ingestionDelayMs : (firstStart?.getTime() ?? end - config.firstLookbackMs);
  const cappedEnd = Math.min(end, start + config.maxWindowMs);
  return {
    window: { start: new Date(start), end: new Date(cappedEnd) },
    source: 'scheduled',
    hasWork: cappedEnd > start && (!checkpoint || cappedEnd > checkpoint.getTime()),
    truncated: cappedEnd < end,
  };
}
