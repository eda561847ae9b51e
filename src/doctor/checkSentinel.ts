import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { SentinelConfig } from '../config/loadConfig.js';
import { statusCodeOf } from '../errors.js';
import { SENTINEL_ACTIONS, sentinelNeeds } from '../requiredPermissions.js';
import { checkFailure } from './checkFailure.js';
import type { DoctorCheck } from './doctorCheck.js';

/**
 * Sentinel read (one page of incidents) and, from the same request, whether ARM accepts SENTINEL_API_VERSION: ARM
 * answers an unknown version with 400 InvalidApiVersionParameter before anything else.
 */
export async function checkSentinel(client: SecurityInsights, config: SentinelConfig): Promise<DoctorCheck[]> {
  const where = `${config.resourceGroup}/${config.workspaceName}`;
  try {
    const page = await client.incidents.list(config.resourceGroup, config.workspaceName, { top: 1 }).byPage().next();
    const seen = page.done ? 0 : page.value.length;
    return [
      { name: 'api-version', status: 'ok', detail: `Sentinel accepts api-version ${config.apiVersion}` },
      { name: 'sentinel read', status: 'ok', detail: `read the incidents of ${where} (${seen === 0 ? 'none yet' : 'at least one'})` },
    ];
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (statusCodeOf(error) === 400 && code === 'InvalidApiVersionParameter') {
      return [
        checkFailure('api-version', error, ''),
        { name: 'sentinel read', status: 'fail', detail: 'not checked: set SENTINEL_API_VERSION to a preview api-version the service lists (e.g. 2025-10-01-preview)' },
      ];
    }
    return [
      { name: 'api-version', status: 'warn', detail: `not confirmed: the read failed before the version could be judged (${config.apiVersion})` },
      checkFailure('sentinel read', error, sentinelNeeds(SENTINEL_ACTIONS.readIncident)),
    ];
  }
}
