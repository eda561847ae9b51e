import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createHuntDependencies } from '../../src/hunt/createHuntDependencies.js';
import type { HuntDependencies } from '../../src/hunt/runHunt.js';
import { startLocalWorkspace, type LocalWorkspace, type LocalWorkspaceOptions } from '../../local/startLocalWorkspace.js';
import { parseTableRows } from '../../local/tables/parseTableRows.js';
import type { TableData } from '../../local/kql/kqlTypes.js';

export const FIXTURE_NOW = new Date('2026-11-21T00:00:00Z');
/** The window that holds every row of test/fixtures/hunt/securityEvents.jsonl. */
export const FIXTURE_WINDOW = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-21T00:00:00Z') };
/** The external IPs of the fixture, by reasoning over each line (168.63.129.16 is excluded by the test settings). */
export const FIXTURE_EXTERNAL_IPS = ['185.220.101.4', '2a05:d014:1c06:5f00::1', '45.9.148.3', '93.184.216.34'];

export function fixtureText(): string {
  return readFileSync(fileURLToPath(new URL('../fixtures/hunt/securityEvents.jsonl', import.meta.url)), 'utf8');
}

export function fixtureTable(extraLines: readonly Record<string, unknown>[] = []): TableData {
  const text = fixtureText() + extraLines.map((l) => JSON.stringify(l)).join('\n');
  return parseTableRows('SecurityEvent', text, 'fixture');
}

export interface HuntWorkspace {
  readonly workspace: LocalWorkspace;
  /** Fresh dependencies over the workspace; settings override the test defaults. */
  deps(settings?: Record<string, string>, now?: Date): HuntDependencies;
  close(): Promise<void>;
}

/** The local workspace over the hunt fixture (in memory), with dependencies built exactly as production builds them. */
export async function startHuntWorkspace(options: Partial<LocalWorkspaceOptions> = {}): Promise<HuntWorkspace> {
  const workspace = await startLocalWorkspace({ tables: { SecurityEvent: fixtureTable() }, now: () => FIXTURE_NOW, ...options });
  return {
    workspace,
    deps(settings = {}, now = FIXTURE_NOW) {
      const config = loadConfig({
        EXCLUDED_CIDRS: '168.63.129.16',
        HUNT_FIRST_LOOKBACK: 'P1D',
        HUNT_INGESTION_DELAY: 'PT0S',
        HUNT_MIN_SPLIT_WINDOW: 'PT1M',
        ...settings,
        ...workspace.settings,
      });
      return createHuntDependencies(config, { ...workspace.dependencyOptions, now: () => now });
    },
    close: () => workspace.close(),
  };
}
