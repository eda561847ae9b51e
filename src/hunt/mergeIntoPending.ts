import type { Finding } from '../findings/finding.js';
import type { PendingFinding } from '../state/stateStore.js';
import { mergeFindings } from './mergeFindings.js';

/**
 * Merge one part's finding for an IP into what state holds pending for it, remembering what the merge added. Merging a
 * part that starts where the pending finding's last merge started is a re-read of that part (a run was killed after
 * writing the part's pending findings and before moving the checkpoint past it): what the first merge added to the
 * counters (events, omitted command lines and raw forms) is taken back before the part is merged again, so its events count once. Hosts, accounts, command lines and
 * the first/last seen times are sets and bounds, which a second merge leaves unchanged.
 */
export function mergeIntoPending(known: PendingFinding | undefined, found: Finding, partStart: Date, maxCommandLines: number): PendingFinding {
  const last = known?.lastMerge;
  const base =
    known && last && last.start.getTime() === partStart.getTime()
      ? {
          ...known,
          eventCount: known.eventCount - last.eventCount,
          commandLinesOmitted: known.commandLinesOmitted - last.commandLinesOmitted,
          ...(known.rawFormsOmitted !== undefined ? { rawFormsOmitted: known.rawFormsOmitted - (last.rawFormsOmitted ?? 0) } : {}),
        }
      : known;
  const merged = base ? mergeFindings(base, found, maxCommandLines) : found;
  return {
    ...merged,
    lastMerge: {
      start: partStart,
      eventCount: merged.eventCount - (base?.eventCount ?? 0),
      commandLinesOmitted: merged.commandLinesOmitted - (base?.commandLinesOmitted ?? 0),
      rawFormsOmitted: (merged.rawFormsOmitted ?? 0) - (base?.rawFormsOmitted ?? 0),
    },
  };
}
