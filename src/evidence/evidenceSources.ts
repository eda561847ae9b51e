import { kqlStringArray } from '../query/kqlLiteral.js';

/** Names of the evidence sources, as EVIDENCE_SOURCES lists them. */
export type EvidenceSourceName = 'defender' | 'commonsecuritylog' | 'azurefirewall' | 'asim' | 'threatintel' | 'threatintel-legacy';

/** One table (or parser) an evidence source reads, and the union leg that reads it in normalised columns. */
export interface EvidenceLeg {
  /** The table or function name, as the summary names a skipped one. */
  readonly table: string;
  readonly kind: 'connection' | 'indicator';
  /**
   * KQL of the leg; reads `Ips` (dynamic array of the addresses) and, for a function, `Start`/`End` and `Ipv4Prefixes`
   * (see buildEvidenceQuery).
   */
  readonly kql: string;
  /** KQL reading the table as cheaply as possible, for the one row that says it exists (`take 0 | count`). */
  readonly probe: string;
}

// Defender's ActionType values for DeviceNetworkEvents (the table reference defers them to the in-portal schema
// reference; device discovery adds ConnectionAttempt, a SYN, and ConnectionAcknowledged, a SYN-ACK: "Device discovery
// overview", Microsoft Defender for Endpoint; ASIM's Microsoft 365 Defender network session parser maps
// ConnectionSuccess, ConnectionRequest, ConnectionFound, InboundConnectionAccepted to success and ConnectionFailed to
// failure): a connection was made, acknowledged, found active, or accepted inbound → allowed; failed, or only
// attempted or requested → failed. Defender's network protection blocks are in DeviceEvents, not here.
export const DEFENDER_ALLOWED_ACTIONS = Object.freeze(['ConnectionSuccess', 'ConnectionAcknowledged', 'ConnectionFound', 'InboundConnectionAccepted']);
export const DEFENDER_FAILED_ACTIONS = Object.freeze(['ConnectionFailed', 'ConnectionAttempt', 'ConnectionRequest']);

// CommonSecurityLog.DeviceAction (a string column: Azure Monitor Logs reference, CommonSecurityLog) is the CEF `act`
// field, free text per vendor. Allow-like values: Palo Alto PAN-OS
// `allow`, Fortinet FortiGate `accept`/`close`/`timeout` (a session that was let through and ended), Check Point
// `Accept`, Cisco ASA `Built`/`Teardown`, generic `permit`/`permitted`/`allowed`/`pass`. Deny-like: PAN-OS `deny`,
// `drop`, `reset-client`/`reset-server`/`reset-both`, FortiGate `deny`/`block`, Check Point `Drop`/`Reject`/`Block`,
// generic `denied`/`dropped`/`blocked`/`rejected`. Compared case-insensitively; other values are not counted.
export const CEF_ALLOWED_ACTIONS = Object.freeze(['allow', 'allowed', 'accept', 'accepted', 'permit', 'permitted', 'pass', 'close', 'timeout', 'built', 'teardown']);
export const CEF_BLOCKED_ACTIONS = Object.freeze([
  'deny',
  'denied',
  'drop',
  'dropped',
  'block',
  'blocked',
  'reject',
  'rejected',
  'reset-client',
  'reset-server',
  'reset-both',
]);

// ASIM network session schema: DvcAction is Allow, Deny, Drop, Drop ICMP, Reset, Reset Source, Reset Destination,
// Encrypt, Decrypt or VPNroute; EventResult is Success, Partial, Failure or NA.
const ASIM_BLOCKED_ACTIONS = Object.freeze(['Deny', 'Drop', 'Drop ICMP', 'Reset', 'Reset Source', 'Reset Destination']);

/** STIX observable keys of an address (ThreatIntelIndicators.ObservableKey). */
export const STIX_ADDRESS_KEYS = Object.freeze(['ipv4-addr:value', 'ipv6-addr:value', 'network-traffic:dst_ref.value']);

const list = (values: readonly string[]) => kqlStringArray(values, 'evidence action list');

/** The connection columns every connection leg projects, in order. */
export const CONNECTION_COLUMNS = 'TimeGenerated:datetime, Source:string, IP:string, Outcome:string, Host:string, Port:long, Process:string';
/** The indicator columns every indicator leg projects, in order. */
export const INDICATOR_COLUMNS =
  'TimeGenerated:datetime, Source:string, IP:string, IndicatorId:string, Confidence:real, ValidFrom:datetime, ValidUntil:datetime, Active:bool, Revoked:bool, Deleted:bool, Description:string';

function connectionLeg(table: string, kql: string): EvidenceLeg {
  return { table, kind: 'connection', kql, probe: `${table} | take 0 | count` };
}

function indicatorLeg(table: string, kql: string): EvidenceLeg {
  return { table, kind: 'indicator', kql, probe: `${table} | take 0 | count` };
}

/**
 * The evidence sources and the legs each reads. Columns are from Microsoft's table references (Azure Monitor Logs
 * table reference: DeviceNetworkEvents, CommonSecurityLog, AZFWNetworkRule, AZFWApplicationRule, ThreatIntelIndicators,
 * ThreatIntelligenceIndicator) and the ASIM network session schema.
 */
export const EVIDENCE_SOURCES: Readonly<Record<EvidenceSourceName, readonly EvidenceLeg[]>> = Object.freeze({
  defender: [
    connectionLeg(
      'DeviceNetworkEvents',
      `DeviceNetworkEvents | where RemoteIP in (Ips) | project TimeGenerated, Source = "DeviceNetworkEvents", IP = RemoteIP, ` +
        `Outcome = case(ActionType in (${list(DEFENDER_ALLOWED_ACTIONS)}), "allowed", ActionType in (${list(DEFENDER_FAILED_ACTIONS)}), "failed", ""), ` +
        `Host = DeviceName, Port = tolong(RemotePort), Process = InitiatingProcessFileName | where Outcome != ""`,
    ),
  ],
  commonsecuritylog: [
    connectionLeg(
      'CommonSecurityLog',
      `CommonSecurityLog | where DestinationIP in (Ips) | extend Action = tolower(DeviceAction) | project TimeGenerated, Source = "CommonSecurityLog", ` +
        `IP = DestinationIP, Outcome = case(Action in (${list(CEF_ALLOWED_ACTIONS)}), "allowed", Action in (${list(CEF_BLOCKED_ACTIONS)}), "blocked", ""), ` +
        `Host = iff(isnotempty(SourceHostName), SourceHostName, SourceIP), Port = tolong(DestinationPort), Process = "" | where Outcome != ""`,
    ),
  ],
  // Azure Firewall's Action is Allow, Deny or Drop (and Alert for threat-intelligence hits, which is neither): Azure
  // Monitor Logs reference, AZFWNetworkRule / AZFWApplicationRule, and ASIM's Azure Firewall parser (DvcActionLookup).
  azurefirewall: [
    connectionLeg(
      'AZFWNetworkRule',
      `AZFWNetworkRule | where DestinationIp in (Ips) | project TimeGenerated, Source = "AZFWNetworkRule", IP = DestinationIp, ` +
        `Outcome = case(Action =~ "Allow", "allowed", Action in~ ("Deny", "Drop"), "blocked", ""), Host = SourceIp, Port = tolong(DestinationPort), Process = "" | where Outcome != ""`,
    ),
    // An application rule names its target by FQDN; a request to a bare address carries the address there.
    connectionLeg(
      'AZFWApplicationRule',
      `AZFWApplicationRule | where Fqdn in (Ips) | project TimeGenerated, Source = "AZFWApplicationRule", IP = Fqdn, ` +
        `Outcome = case(Action =~ "Allow", "allowed", Action in~ ("Deny", "Drop"), "blocked", ""), Host = SourceIp, Port = tolong(DestinationPort), Process = "" | where Outcome != ""`,
    ),
  ],
  asim: [
    {
      table: '_Im_NetworkSession',
      kind: 'connection',
      kql:
        `_Im_NetworkSession(starttime = Start, endtime = End, dstipaddr_has_any_prefix = Ipv4Prefixes) | where DstIpAddr in (Ips) | project TimeGenerated, ` +
        `Source = "_Im_NetworkSession", IP = DstIpAddr, Outcome = case(DvcAction in (${list(ASIM_BLOCKED_ACTIONS)}), "blocked", ` +
        `DvcAction == "Allow" or EventResult == "Success", "allowed", EventResult == "Failure", "failed", ""), ` +
        `Host = iff(isnotempty(SrcHostname), SrcHostname, SrcIpAddr), Port = tolong(DstPortNumber), Process = "" | where Outcome != ""`,
      probe: '_Im_NetworkSession(starttime = End, endtime = End) | take 0 | count',
    },
  ],
  // The latest record of an indicator (by TimeGenerated, per Id) decides: an update, a revocation or a deletion is a
  // new record of the same Id. The table has `Revoked` and `IsDeleted` columns of their own (Azure Monitor Logs
  // reference, ThreatIntelIndicators); `Data` carries the STIX object, whose `revoked` property is the fallback when the
  // column is empty. ObservableKey is the left-hand side of the pattern's comparison, e.g. `ipv4-addr:value` for
  // `[ipv4-addr:value = '198.51.100.1']` (STIX 2.1 patterning).
  threatintel: [
    indicatorLeg(
      'ThreatIntelIndicators',
      `ThreatIntelIndicators | where TimeGenerated >= TiStart | where ObservableKey in (${list(STIX_ADDRESS_KEYS)}) and ObservableValue in (Ips) ` +
        `| summarize arg_max(TimeGenerated, *) by Id | project TimeGenerated, Source = "ThreatIntelIndicators", IP = ObservableValue, IndicatorId = Id, ` +
        `Confidence = toreal(Confidence), ValidFrom, ValidUntil, Active = IsActive, Revoked = coalesce(Revoked, tobool(Data.revoked), false), Deleted = coalesce(IsDeleted, false), ` +
        `Description = strcat(tostring(Data.name), iff(isnotempty(tostring(Data.description)), strcat(": ", tostring(Data.description)), ""))`,
    ),
  ],
  'threatintel-legacy': [
    indicatorLeg(
      'ThreatIntelligenceIndicator',
      `ThreatIntelligenceIndicator | where TimeGenerated >= TiStart | where NetworkIP in (Ips) or NetworkDestinationIP in (Ips) or NetworkSourceIP in (Ips) ` +
        `| extend IP = case(NetworkIP in (Ips), NetworkIP, NetworkDestinationIP in (Ips), NetworkDestinationIP, NetworkSourceIP) ` +
        `| summarize arg_max(TimeGenerated, *) by IndicatorId, IP | project TimeGenerated, Source = "ThreatIntelligenceIndicator", IP, IndicatorId, ` +
        `Confidence = toreal(ConfidenceScore), ValidFrom = datetime(null), ValidUntil = ExpirationDateTime, Active, Revoked = false, Deleted = false, ` +
        `Description = strcat(ThreatType, iff(isnotempty(Description), strcat(": ", Description), ""))`,
    ),
  ],
});

export const EVIDENCE_SOURCE_NAMES = Object.freeze(Object.keys(EVIDENCE_SOURCES) as EvidenceSourceName[]);
/** ASIM is opt-in: its parser unions the vendor tables the other sources already read, at a higher cost. */
export const DEFAULT_EVIDENCE_SOURCES: readonly EvidenceSourceName[] = Object.freeze(EVIDENCE_SOURCE_NAMES.filter((n) => n !== 'asim'));
