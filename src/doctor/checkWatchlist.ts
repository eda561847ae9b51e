import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { describeError, statusCodeOf } from '../errors.js';
import { loadWatchlistExclusions } from '../sentinel/loadWatchlistExclusions.js';
import type { DoctorCheck } from './doctorCheck.js';

/** The exclusion watchlist (EXCLUSION_WATCHLIST), read as the hunt reads it, when one is set. */
export async function checkWatchlist(client: SecurityInsights, config: SentinelConfig, alias: string | undefined, now: Date): Promise<DoctorCheck> {
  const name = 'exclusion watchlist';
  if (alias === undefined) return { name, status: 'ok', detail: 'EXCLUSION_WATCHLIST is not set: no watchlist to read' };
  try {
    const read = await loadWatchlistExclusions(client, config, alias, now);
    const summary = `watchlist ${alias}: ${read.items} item(s), ${read.cidrs.length} usable exclusion(s)`;
    if (read.problems.length === 0) return { name, status: 'ok', detail: summary };
    return { name, status: 'warn', detail: `${summary}; not used: ${read.problems.slice(0, 5).join('; ')}${read.problems.length > 5 ? '; …' : ''}` };
  } catch (error) {
    if (statusCodeOf(error) === 404) {
      return { name, status: 'fail', detail: `no watchlist with alias ${alias} in ${config.workspaceName}: create it, or fix or clear EXCLUSION_WATCHLIST` };
    }
    // The loader's message already names the permission on a 403.
    return { name, status: 'fail', detail: describeError(error) };
  }
}
