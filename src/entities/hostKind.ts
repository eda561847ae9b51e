import type { EntityKind, EntityValue } from './entityKind.js';
import { cachedParse, rowEntities } from './rowEntities.js';

const DOTTED_QUAD = /^\d+(\.\d+){3}$/;

/** `web01.contoso.com` → HostName `web01`, DnsDomain `contoso.com`; a short name (or an address) is HostName only. */
function parse(text: string): EntityValue | undefined {
  const name = text.trim();
  if (name === '') return undefined;
  const dot = name.indexOf('.');
  if (dot > 0 && dot < name.length - 1 && !DOTTED_QUAD.test(name)) return { HostName: name.slice(0, dot), DnsDomain: name.slice(dot + 1) };
  return { HostName: name };
}

/** `parse` for rows, which repeat the same names: each distinct name parsed once. */
const parseCached = cachedParse(parse);

function display(value: EntityValue): string {
  return value['DnsDomain'] !== undefined ? `${value['HostName']}.${value['DnsDomain']}` : value['HostName']!;
}

/**
 * Hosts: the `Computer` of a process creation event (`Hosts` in summarized rows), as Windows writes it — a short name or an
 * FQDN. Identified by HostName and DnsDomain; Windows host names compare case-insensitively. A Defender for Endpoint
 * device also carries its `DeviceId` as MdatpDeviceId (from the hunting query's `HostIds`), shown in the incident; it
 * is no entity-mapping identifier in the entities reference, so the mapping leaves it out.
 * Entity mapping: `HostName` plus `DnsDomain` for an FQDN, the strong identifier pair; `FullName` is "not part of schema,
 * included for backward compatibility" (https://learn.microsoft.com/azure/sentinel/entities-reference#host), so it is
 * only read (from mappings written before), never written.
 */
export const hostKind: EntityKind<'hosts'> = {
  name: 'hosts',
  singular: 'host',
  plural: 'hosts',
  alwaysListed: true,
  entityType: 'Host',
  identifiers: ['HostName', 'DnsDomain', 'MdatpDeviceId'],
  // The entities API keeps the Defender device id among a host's additional data (entities reference, Host schema).
  properties: { HostName: 'hostName', DnsDomain: 'dnsDomain', MdatpDeviceId: 'mdatpDeviceId' },
  summaryColumn: 'Hosts',
  exclusionField: 'host',
  fromRow: (row) => rowEntities(row['Hosts'], row['Computer'], parseCached, { value: row['HostIds'], textKey: 'Computer', identifiers: ['MdatpDeviceId'] }),
  parse,
  display,
  sameKey: (value) => display(value).toLowerCase(),
  toMapping(value) {
    const fieldMappings = [{ identifier: 'HostName', value: value['HostName']! }];
    if (value['DnsDomain'] !== undefined) fieldMappings.push({ identifier: 'DnsDomain', value: value['DnsDomain'] });
    return { entityType: 'Host', fieldMappings };
  },
  fromMapping(fields) {
    const fullName = fields.get('fullname');
    const hostName = fields.get('hostname') ?? fullName?.split('.')[0];
    if (hostName === undefined) return undefined;
    const dnsDomain = fields.get('dnsdomain') ?? (fullName?.includes('.') ? fullName.slice(fullName.indexOf('.') + 1) : undefined);
    return { HostName: hostName, ...(dnsDomain ? { DnsDomain: dnsDomain } : {}) };
  },
};
