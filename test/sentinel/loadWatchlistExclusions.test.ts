import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.js';
import { loadWatchlistExclusions } from '../../src/sentinel/loadWatchlistExclusions.js';
import { createWatchlist, startHarness, type Harness } from './sentinelFixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
});

const NOW = new Date('2026-11-27T12:00:00Z');

describe('loadWatchlistExclusions', () => {
  it('turns the search-key column into CIDR entries with the item reason, skipping and naming what it cannot use', async () => {
    harness = await startHarness();
    await createWatchlist(harness.client, harness.config, 'ip-allowlist', [
      { IPAddress: '45.9.148.0/24', Reason: 'pentest provider' },
      { ipaddress: '168.63.129.16', description: 'Azure WireServer' },
      { IPAddress: '10.1.' },
      { IPAddress: 'not-an-ip', Reason: 'typo' },
      { IPAddress: '8.8.8.8', Reason: 'old vendor', Expires: '2026-01-31' },
      { IPAddress: '9.9.9.9', Expires: 'soon' },
      { Reason: 'no address' },
    ]);
    const result = await loadWatchlistExclusions(harness.client, harness.config, 'ip-allowlist', NOW);
    expect(result.items).toBe(7);
    expect(result.cidrs.map((c) => [c.cidr, c.reason, c.origin])).toEqual([
      ['45.9.148.0/24', 'pentest provider', 'watchlist ip-allowlist'],
      ['168.63.129.16/32', 'Azure WireServer', 'watchlist ip-allowlist'],
      ['10.1.0.0/16', 'listed in watchlist ip-allowlist', 'watchlist ip-allowlist'],
    ]);
    expect(result.problems).toHaveLength(4);
    expect(result.problems[0]).toMatch(/watchlist ip-allowlist in law-sec item .*: "not-an-ip" is not a valid address/);
    expect(result.problems[1]).toMatch(/8\.8\.8\.8 expired on 2026-01-31/);
    expect(result.problems[2]).toMatch(/Expires "soon" is not an ISO-8601 date/);
    expect(result.problems[3]).toMatch(/no value in its search key column "IPAddress"/);
  });

  it('fails clearly when the watchlist does not exist, rather than hunting without it', async () => {
    harness = await startHarness();
    const error = await loadWatchlistExclusions(harness.client, harness.config, 'missing', NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toMatch(/^Read exclusion watchlist missing in law-sec failed \(404\)/);
  });
});
