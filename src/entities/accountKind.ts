import type { EntityKind, EntityValue } from './entityKind.js';
import { cachedParse, rowEntities } from './rowEntities.js';

/** `DOMAIN\user` → Name and NTDomain; `user@domain` → Name and UPNSuffix; anything else is a Name. */
function parse(text: string): EntityValue | undefined {
  const name = text.trim();
  if (name === '') return undefined;
  const backslash = name.indexOf('\\');
  if (backslash > 0 && backslash < name.length - 1) return { Name: name.slice(backslash + 1), NTDomain: name.slice(0, backslash) };
  const at = name.lastIndexOf('@');
  if (at > 0 && at < name.length - 1) return { Name: name.slice(0, at), UPNSuffix: name.slice(at + 1) };
  return { Name: name };
}

/**
 * Generic, commonly built-in account names: Sentinel drops an Account entity whose Name is one of these
 * (https://learn.microsoft.com/azure/sentinel/entities-reference#account, the note under "Weak identifiers"), plus
 * LOCAL SERVICE, the third well-known service account (S-1-5-19) beside LocalSystem and NetworkService.
 */
const BUILT_IN_NAMES: ReadonlySet<string> = new Set([
  'ADMIN',
  'ADMINISTRATOR',
  'SYSTEM',
  'ROOT',
  'ANONYMOUS',
  'AUTHENTICATED USER',
  'NETWORK',
  'NULL',
  'LOCAL SYSTEM',
  'LOCALSYSTEM',
  'NETWORK SERVICE',
  'LOCAL SERVICE',
]);

/** Whether Sentinel would drop this account from the incident (its name is a built-in account's, whatever the domain). */
export function isBuiltInAccount(value: EntityValue): boolean {
  return BUILT_IN_NAMES.has((value['Name'] ?? '').trim().toUpperCase());
}

/** `parse` for rows, which repeat the same names: each distinct name parsed once. */
const parseCached = cachedParse(parse);

function display(value: EntityValue): string {
  if (value['NTDomain'] !== undefined) return `${value['NTDomain']}\\${value['Name']}`;
  if (value['UPNSuffix'] !== undefined) return `${value['Name']}@${value['UPNSuffix']}`;
  return value['Name']!;
}

/**
 * Accounts: the `Account` of a process creation event (`Accounts` in summarized rows), written `DOMAIN\user`, `user@domain`
 * or a bare name (a Linux or macOS account: the hunting query gives those no domain), with the SID when the source has
 * one (from the hunting query's `AccountSids`). Identified by Name with NTDomain or UPNSuffix; Windows account names
 * compare case-insensitively.
 * Entity mapping: the same identifiers (https://learn.microsoft.com/azure/sentinel/entities-reference#account); built-in
 * accounts (SYSTEM, NETWORK SERVICE, …) are not mapped, as Sentinel would drop them, and go to the notes instead.
 */
export const accountKind: EntityKind<'accounts'> = {
  name: 'accounts',
  singular: 'account',
  plural: 'accounts',
  alwaysListed: true,
  entityType: 'Account',
  identifiers: ['Name', 'NTDomain', 'UPNSuffix', 'Sid'],
  properties: { Name: 'accountName', NTDomain: 'ntDomain', UPNSuffix: 'upnSuffix', Sid: 'sid' },
  summaryColumn: 'Accounts',
  exclusionField: 'account',
  fromRow: (row) => rowEntities(row['Accounts'], row['Account'], parseCached, { value: row['AccountSids'], textKey: 'Account', identifiers: ['Sid'] }),
  parse,
  display,
  sameKey: (value) => display(value).toLowerCase(),
  unmappedReason: 'built-in accounts, which Sentinel drops',
  toMapping(value) {
    if (isBuiltInAccount(value)) return undefined;
    const fieldMappings = [{ identifier: 'Name', value: value['Name']! }];
    // At most three identifiers per mapping (entities reference): Name, one of NTDomain/UPNSuffix, and Sid.
    for (const identifier of ['NTDomain', 'UPNSuffix', 'Sid']) {
      if (value[identifier] !== undefined) fieldMappings.push({ identifier, value: value[identifier] });
    }
    return { entityType: 'Account', fieldMappings };
  },
  fromMapping(fields) {
    const name = fields.get('name') ?? fields.get('fullname');
    if (name === undefined) return undefined;
    const ntDomain = fields.get('ntdomain');
    const upnSuffix = fields.get('upnsuffix');
    const sid = fields.get('sid');
    return { Name: name, ...(ntDomain ? { NTDomain: ntDomain } : {}), ...(upnSuffix ? { UPNSuffix: upnSuffix } : {}), ...(sid ? { Sid: sid } : {}) };
  },
};
