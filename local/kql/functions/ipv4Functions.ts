/**
 * The IPv4 functions (`ipv4_is_private`, `ipv4_is_in_range`, `has_ipv4`, …); what each computes is in ipv4Predicates.ts.
 */
import { mapScalars } from '../compiledScalar.js';
import { hasAnyIpv4, hasAnyIpv4Prefix, ipv4IsInAnyRange, ipv4IsInRange, ipv4IsPrivate, parseIpv4 } from '../ipv4Predicates.js';
import { flatStrings, stringArg as str, type ScalarFunctions } from './functionSupport.js';

export const ipv4Functions: ScalarFunctions = {
  ipv4_is_private: (a) => mapScalars(a, 'bool', (v) => ipv4IsPrivate(str(a, v, 0))),
  ipv4_is_in_range: (a) => mapScalars(a, 'bool', (v) => ipv4IsInRange(str(a, v, 0), str(a, v, 1))),
  ipv4_is_in_any_range: (a) => mapScalars(a, 'bool', (v) => ipv4IsInAnyRange(str(a, v, 0), flatStrings(a, v, 1))),
  has_any_ipv4_prefix: (a) => mapScalars(a, 'bool', (v) => hasAnyIpv4Prefix(str(a, v, 0), flatStrings(a, v, 1))),
  has_ipv4_prefix: (a) => mapScalars(a, 'bool', (v) => hasAnyIpv4Prefix(str(a, v, 0), flatStrings(a, v, 1))),
  has_ipv4: (a) => mapScalars(a, 'bool', (v) => hasAnyIpv4(str(a, v, 0), flatStrings(a, v, 1))),
  has_any_ipv4: (a) => mapScalars(a, 'bool', (v) => hasAnyIpv4(str(a, v, 0), flatStrings(a, v, 1))),
  parse_ipv4: (a) => mapScalars(a, 'long', (v) => parseIpv4(str(a, v, 0))),
};
