import { describeError, statusCodeOf } from '../errors.js';
import type { DoctorCheck } from './doctorCheck.js';

/**
 * A check that failed on a service error: the service's answer, and for a 403 the permission to grant (`needs`).
 * Tokens and connection strings never appear: SDK errors do not carry them.
 */
export function checkFailure(name: string, error: unknown, needs: string): DoctorCheck {
  const status = statusCodeOf(error);
  const what = describeError(error);
  if (status === 403) return { name, status: 'fail', detail: `permission denied (403): grant ${needs}. ${what}` };
  if (status === 401) return { name, status: 'fail', detail: `not authenticated (401): check the identity and its token scope. ${what}` };
  return { name, status: 'fail', detail: what };
}
