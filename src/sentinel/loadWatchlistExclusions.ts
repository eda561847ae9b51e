import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { silentLogger, type Logger } from '../logger.js';
import { permissionDenied, ServiceError, statusCodeOf } from '../errors.js';
import { SENTINEL_ACTIONS, sentinelNeeds } from '../requiredPermissions.js';
import { parseCidrEntry, type CidrEntry } from '../exclusions/parseCidrEntry.js';
import { parseExpiry } from '../exclusions/parseExpiry.js';

export interface WatchlistExclusions {
  /** The addresses and CIDRs of the watchlist's search-key column, each with the item's reason. */
  readonly cidrs: readonly CidrEntry[];
  /** Items that could not be used (not an address, expired), each naming the item. */
  readonly problems: readonly string[];
  readonly items: number;
}

/** A column of an item, found case-insensitively (watchlist columns come from CSV headers people type). */
function column(values: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Read an exclusion watchlist: its search-key column holds an address, a CIDR or a seed-style dotted prefix per item;
 * an optional `Reason` (or `Description`) column says why, and an optional `Expires` column (ISO date) retires the item.
 * SOC analysts maintain it in Sentinel, so the allow-list changes without a redeployment. A failure to read it throws:
 * hunting on without the exclusions would flood the queue with known-benign addresses.
 */
export async function loadWatchlistExclusions(
  client: SecurityInsights,
  config: Pick<SentinelConfig, 'resourceGroup' | 'workspaceName'>,
  alias: string,
  now: Date,
  logger: Logger = silentLogger,
): Promise<WatchlistExclusions> {
  const target = `watchlist ${alias} in ${config.workspaceName}`;
  try {
    const watchlist = await client.watchlists.get(config.resourceGroup, config.workspaceName, alias);
    const searchKey = watchlist.itemsSearchKey ?? 'SearchKey';
    const cidrs: CidrEntry[] = [];
    const problems: string[] = [];
    let items = 0;
    for await (const item of client.watchlistItems.list(config.resourceGroup, config.workspaceName, alias)) {
      if (item.isDeleted) continue;
      items += 1;
      const values = (item.itemsKeyValue ?? {}) as Record<string, unknown>;
      const name = item.name ?? item.watchlistItemId ?? `#${items}`;
      const address = text(column(values, searchKey));
      if (address === undefined) {
        problems.push(`${target} item ${name}: no value in its search key column "${searchKey}"`);
        continue;
      }
      const expiresText = text(column(values, 'Expires'));
      if (expiresText !== undefined) {
        const expires = parseExpiry(expiresText);
        if (expires === undefined) {
          problems.push(`${target} item ${name}: Expires "${expiresText}" is not an ISO-8601 date`);
          continue;
        }
        if (expires.getTime() <= now.getTime()) {
          problems.push(`${target} item ${name}: ${address} expired on ${expires.toISOString()} and was ignored`);
          continue;
        }
      }
      const entry = parseCidrEntry(address);
      if (typeof entry === 'string') {
        problems.push(`${target} item ${name}: ${entry}`);
        continue;
      }
      const reason = text(column(values, 'Reason')) ?? text(column(values, 'Description')) ?? `listed in watchlist ${alias}`;
      cidrs.push({ ...entry, origin: `watchlist ${alias}`, reason });
    }
    logger.info(`Exclusion ${target}: ${items} item(s), ${cidrs.length} CIDR exclusion(s), ${problems.length} item(s) not used`);
    return { cidrs, problems, items };
  } catch (error) {
    const status = statusCodeOf(error);
    const denied = status === 403 ? ` (${permissionDenied(sentinelNeeds(SENTINEL_ACTIONS.readWatchlist))})` : '';
    throw new ServiceError(`Read exclusion ${target} failed${status ? ` (${status})` : ''}: ${error instanceof Error ? error.message : String(error)}${denied}`, {
      ...(status !== undefined ? { statusCode: status } : {}),
      cause: error,
    });
  }
}
