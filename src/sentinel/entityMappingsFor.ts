import type { BookmarkEntityMappings } from '@azure/arm-securityinsight';
import { SENTINEL_LIMITS } from './sentinelLimits.js';

/** The bookmark's entity mappings plus what did not fit within Sentinel's limits. */
export interface EntityPlan {
  readonly mappings: BookmarkEntityMappings[];
  readonly omittedHosts: readonly string[];
  readonly omittedAccounts: readonly string[];
}

/** IP entity: `Address`. */
export function ipEntity(ip: string): BookmarkEntityMappings {
  return { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: ip }] };
}

/** Host entity: `HostName`, plus `FullName` when the name is an FQDN (`web01.contoso.com`). */
export function hostEntity(host: string): BookmarkEntityMappings {
  const name = host.trim();
  const dot = name.indexOf('.');
  if (dot > 0 && dot < name.length - 1 && !/^\d+(\.\d+){3}$/.test(name)) {
    return {
      entityType: 'Host',
      fieldMappings: [
        { identifier: 'HostName', value: name.slice(0, dot) },
        { identifier: 'FullName', value: name },
      ],
    };
  }
  return { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', value: name }] };
}

/** Account entity: `Name`, with `NTDomain` for `DOMAIN\user` and `UPNSuffix` for `user@domain` where known. */
export function accountEntity(account: string): BookmarkEntityMappings {
  const text = account.trim();
  const backslash = text.indexOf('\\');
  if (backslash > 0 && backslash < text.length - 1) {
    return {
      entityType: 'Account',
      fieldMappings: [
        { identifier: 'Name', value: text.slice(backslash + 1) },
        { identifier: 'NTDomain', value: text.slice(0, backslash) },
      ],
    };
  }
  const at = text.lastIndexOf('@');
  if (at > 0 && at < text.length - 1) {
    return {
      entityType: 'Account',
      fieldMappings: [
        { identifier: 'Name', value: text.slice(0, at) },
        { identifier: 'UPNSuffix', value: text.slice(at + 1) },
      ],
    };
  }
  return { entityType: 'Account', fieldMappings: [{ identifier: 'Name', value: text }] };
}

/**
 * The IP first, then hosts and accounts taken in turn (host, account, host, …) until the
 * `SENTINEL_LIMITS.entityMappings` slots are used, so neither kind crowds out the other; the rest go to the notes.
 * Every mapping has at most `identifiersPerEntity` identifiers by construction.
 */
export function entityMappingsFor(ip: string, hosts: readonly string[], accounts: readonly string[]): EntityPlan {
  const mappings: BookmarkEntityMappings[] = [ipEntity(ip)];
  const usableHosts = hosts.filter((h) => h.trim() !== '');
  const usableAccounts = accounts.filter((a) => a.trim() !== '');
  let h = 0;
  let a = 0;
  while (mappings.length < SENTINEL_LIMITS.entityMappings && (h < usableHosts.length || a < usableAccounts.length)) {
    if (h < usableHosts.length) mappings.push(hostEntity(usableHosts[h++]!));
    if (mappings.length < SENTINEL_LIMITS.entityMappings && a < usableAccounts.length) mappings.push(accountEntity(usableAccounts[a++]!));
  }
  return { mappings, omittedHosts: usableHosts.slice(h), omittedAccounts: usableAccounts.slice(a) };
}
