import type { EntityKind, EntityValue } from './entityKind.js';
import { rowEntities } from './rowEntities.js';

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

function display(value: EntityValue): string {
  if (value['NTDomain'] !== undefined) return `${value['NTDomain']}\\${value['Name']}`;
  if (value['UPNSuffix'] !== undefined) return `${value['Name']}@${value['UPNSuffix']}`;
  return value['Name']!;
}

/**
 * Accounts: the `Account` of a process creation event (`Accounts` in summarized rows), written `DOMAIN\user`, `user@domain`
 * or a bare name. Identified by Name with NTDomain or UPNSuffix; Windows account names compare case-insensitively.
 * Entity mapping: the same identifiers (https://learn.microsoft.com/azure/sentinel/entities-reference#account).
 */
export const accountKind: EntityKind<'accounts'> = {
  name: 'accounts',
  singular: 'account',
  plural: 'accounts',
  alwaysListed: true,
  entityType: 'Account',
  identifiers: ['Name', 'NTDomain', 'UPNSuffix'],
  properties: { Name: 'accountName', NTDomain: 'ntDomain', UPNSuffix: 'upnSuffix' },
  summaryColumn: 'Accounts',
  exclusionField: 'account',
  fromRow: (row) => rowEntities(row['Accounts'], row['Account'], parse),
  parse,
  display,
  sameKey: (value) => display(value).toLowerCase(),
  toMapping(value) {
    const fieldMappings = [{ identifier: 'Name', value: value['Name']! }];
    for (const identifier of ['NTDomain', 'UPNSuffix']) {
      if (value[identifier] !== undefined) fieldMappings.push({ identifier, value: value[identifier] });
    }
    return { entityType: 'Account', fieldMappings };
  },
  fromMapping(fields) {
    const name = fields.get('name') ?? fields.get('fullname');
    if (name === undefined) return undefined;
    const ntDomain = fields.get('ntdomain');
    const upnSuffix = fields.get('upnsuffix');
    return { Name: name, ...(ntDomain ? { NTDomain: ntDomain } : {}), ...(upnSuffix ? { UPNSuffix: upnSuffix } : {}) };
  },
};
