import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { describeError } from '../errors.js';
import { SENTINEL_ACTIONS, sentinelNeeds } from '../requiredPermissions.js';
import { ipEntity } from '../sentinel/entityMappingsFor.js';
import { bookmarkResourceId } from '../sentinel/sentinelPaths.js';
import { uuidV5 } from '../sentinel/uuidV5.js';
import { checkFailure } from './checkFailure.js';
import type { DoctorCheck } from './doctorCheck.js';

/** A documentation address (RFC 5737 TEST-NET-1): it can never be a real finding. */
export const WRITE_TEST_IP = '192.0.2.1';

const LABEL = 'cmdline-ip-hunter doctor write test (safe to delete)';

export interface WriteTestOptions {
  /** How long to wait for the IP entity to appear on the incident; Sentinel resolves entities asynchronously. */
  readonly entityTimeoutMs: number;
  /** Time between two entity reads. */
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds since some origin, for the timeout (performance.now by default). */
  readonly elapsed: () => number;
  readonly workspaceId: string;
}

/**
 * The one claim only a real tenant can prove: a bookmark related to an incident puts its entities on the incident.
 * Creates a clearly labelled bookmark (IP entity 192.0.2.1), incident and relation under fixed ids (a rerun reuses
 * them), polls the incident's entities until the IP appears or the timeout passes, then deletes the test objects.
 */
export async function checkWriteTest(client: SecurityInsights, config: SentinelConfig, options: WriteTestOptions): Promise<DoctorCheck[]> {
  const { resourceGroup: rg, workspaceName: ws } = config;
  const incidentId = uuidV5(`${options.workspaceId}/doctor/incident`);
  const bookmarkId = uuidV5(`${options.workspaceId}/doctor/bookmark`);
  const relationName = uuidV5(`${options.workspaceId}/doctor/relation`);
  const checks: DoctorCheck[] = [];
  let step = 'bookmark';
  try {
    await client.bookmarks.createOrUpdate(rg, ws, bookmarkId, {
      displayName: LABEL,
      query: `// ${LABEL}`,
      notes: 'Written by cmdline-ip-hunter doctor --write-test and deleted when it ends.',
      labels: ['cmdline-ip-hunter-doctor'],
      entityMappings: [ipEntity(WRITE_TEST_IP)],
    });
    step = 'incident';
    await client.incidents.createOrUpdate(rg, ws, incidentId, {
      title: LABEL,
      description: `Written by cmdline-ip-hunter doctor --write-test to check that a related bookmark puts the IP entity ${WRITE_TEST_IP} on an incident; deleted when the test ends.`,
      severity: 'Informational',
      status: 'New',
      labels: [{ labelName: 'cmdline-ip-hunter-doctor' }],
    });
    step = 'relation';
    await client.incidentRelations.createOrUpdate(rg, ws, incidentId, relationName, { relatedResourceId: bookmarkResourceId(config, bookmarkId) });
    checks.push({ name: 'write test: create', status: 'ok', detail: `bookmark ${bookmarkId}, incident ${incidentId} and their relation written` });
    checks.push(await pollEntities(client, config, incidentId, options));
  } catch (error) {
    const action = step === 'bookmark' ? SENTINEL_ACTIONS.writeBookmark : step === 'incident' ? SENTINEL_ACTIONS.writeIncident : SENTINEL_ACTIONS.writeRelation;
    checks.push(checkFailure('write test: create', error, sentinelNeeds(action)));
  }
  checks.push(await cleanUp(client, config, incidentId, bookmarkId));
  return checks;
}

async function pollEntities(client: SecurityInsights, config: SentinelConfig, incidentId: string, options: WriteTestOptions): Promise<DoctorCheck> {
  const name = 'write test: IP entity on the incident';
  const started = options.elapsed();
  for (let reads = 1; ; reads += 1) {
    const { entities = [] } = await client.incidents.listEntities(config.resourceGroup, config.workspaceName, incidentId);
    const found = entities.some((e) => e.kind === 'Ip' && (e as { address?: string }).address === WRITE_TEST_IP);
    const waited = Math.round((options.elapsed() - started) / 1000);
    if (found) return { name, status: 'ok', detail: `the IP entity ${WRITE_TEST_IP} appeared after ${waited} s (${reads} read(s)): related bookmarks bring their entities` };
    if (options.elapsed() - started + options.pollIntervalMs > options.entityTimeoutMs) {
      return {
        name,
        status: 'warn',
        detail: `the IP entity ${WRITE_TEST_IP} did not appear within ${Math.round(options.entityTimeoutMs / 1000)} s (${reads} read(s)); Sentinel can take minutes to resolve entities — run again with a longer --entity-timeout; if it never appears, check that SENTINEL_API_VERSION is a preview version`,
      };
    }
    await options.sleep(options.pollIntervalMs);
  }
}

/** Delete the incident (its relation goes with it) and the bookmark; a missing one is already gone. */
async function cleanUp(client: SecurityInsights, config: SentinelConfig, incidentId: string, bookmarkId: string): Promise<DoctorCheck> {
  const name = 'write test: clean-up';
  const left: string[] = [];
  try {
    await client.incidents.delete(config.resourceGroup, config.workspaceName, incidentId);
  } catch (error) {
    left.push(`incident ${incidentId} (${describeError(error)})`);
  }
  try {
    await client.bookmarks.delete(config.resourceGroup, config.workspaceName, bookmarkId);
  } catch (error) {
    left.push(`bookmark ${bookmarkId} (${describeError(error)})`);
  }
  if (left.length === 0) return { name, status: 'ok', detail: 'the test incident and bookmark were deleted' };
  return {
    name,
    status: 'warn',
    detail: `could not delete ${left.join(' and ')}: delete them in the portal (titled "${LABEL}"), or grant ${SENTINEL_ACTIONS.deleteIncident} and ${SENTINEL_ACTIONS.deleteBookmark}`,
  };
}
