/**
 * Schemas of the tables the evidence query reads (name and type), from the Azure Monitor Logs table reference
 * (learn.microsoft.com/azure/azure-monitor/reference/tables/devicenetworkevents, …/commonsecuritylog,
 * …/threatintelindicators, …/azfwnetworkrule, …/azfwapplicationrule, …/threatintelligenceindicator). The columns the
 * query reads and those an analyst looks at first; not every column.
 */
import type { KqlColumn } from '../kql/kqlTypes.js';

const col = (name: string, type: KqlColumn['type']): KqlColumn => ({ name, type });

export const DEVICE_NETWORK_EVENTS_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('Timestamp', 'datetime'),
  col('DeviceId', 'string'),
  col('DeviceName', 'string'),
  col('ActionType', 'string'),
  col('RemoteIP', 'string'),
  col('RemotePort', 'int'),
  col('RemoteUrl', 'string'),
  col('RemoteIPType', 'string'),
  col('LocalIP', 'string'),
  col('LocalPort', 'int'),
  col('LocalIPType', 'string'),
  col('Protocol', 'string'),
  col('InitiatingProcessFileName', 'string'),
  col('InitiatingProcessCommandLine', 'string'),
  col('InitiatingProcessFolderPath', 'string'),
  col('InitiatingProcessId', 'long'),
  col('InitiatingProcessAccountDomain', 'string'),
  col('InitiatingProcessAccountName', 'string'),
  col('InitiatingProcessAccountSid', 'string'),
  col('ReportId', 'long'),
  col('AdditionalFields', 'dynamic'),
  col('Type', 'string'),
]);

export const COMMON_SECURITY_LOG_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('DeviceVendor', 'string'),
  col('DeviceProduct', 'string'),
  col('DeviceVersion', 'string'),
  col('DeviceEventClassID', 'string'),
  col('Activity', 'string'),
  col('LogSeverity', 'string'),
  col('DeviceAction', 'string'),
  col('SimplifiedDeviceAction', 'string'),
  col('ApplicationProtocol', 'string'),
  col('Protocol', 'string'),
  col('SourceIP', 'string'),
  col('SourcePort', 'int'),
  col('SourceHostName', 'string'),
  col('SourceUserName', 'string'),
  col('DestinationIP', 'string'),
  col('DestinationPort', 'int'),
  col('DestinationHostName', 'string'),
  col('RequestURL', 'string'),
  col('Computer', 'string'),
  col('Message', 'string'),
  col('Type', 'string'),
]);

// The reference lists `Revoked` as a column of its own (besides the STIX object's `revoked` in `Data`) and no
// `PatternType` column.
export const THREAT_INTEL_INDICATORS_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('Id', 'string'),
  col('ObservableKey', 'string'),
  col('ObservableValue', 'string'),
  col('Pattern', 'string'),
  col('IsActive', 'bool'),
  col('IsDeleted', 'bool'),
  col('Revoked', 'bool'),
  col('Confidence', 'int'),
  col('ValidFrom', 'datetime'),
  col('ValidUntil', 'datetime'),
  col('Created', 'datetime'),
  col('Modified', 'datetime'),
  col('LastUpdateMethod', 'string'),
  col('Source', 'string'),
  col('SourceSystem', 'string'),
  col('Tags', 'string'),
  col('AdditionalFields', 'dynamic'),
  /** The STIX indicator object (name, description, labels, revoked, …). */
  col('Data', 'dynamic'),
  col('Type', 'string'),
]);

/** What both Azure Firewall rule logs say of the rule that matched (none: `ActionReason` says `Default Action`). */
const AZFW_RULE_COLUMNS: readonly KqlColumn[] = [
  col('Policy', 'string'),
  col('RuleCollectionGroup', 'string'),
  col('RuleCollection', 'string'),
  col('Rule', 'string'),
  col('_ResourceId', 'string'),
  col('SourceSystem', 'string'),
  col('Type', 'string'),
];

/** Azure Firewall network rule log (resource-specific table); `Action` is Allow, Deny or Drop (Alert for threat intelligence). */
export const AZFW_NETWORK_RULE_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('Action', 'string'),
  col('ActionReason', 'string'),
  col('SourceIp', 'string'),
  col('SourcePort', 'int'),
  col('DestinationIp', 'string'),
  col('DestinationPort', 'int'),
  col('Protocol', 'string'),
  ...AZFW_RULE_COLUMNS,
]);

/** Azure Firewall application rule log: the target is `Fqdn` (the address itself for a request to a bare address). */
export const AZFW_APPLICATION_RULE_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('Action', 'string'),
  col('ActionReason', 'string'),
  col('SourceIp', 'string'),
  col('SourcePort', 'int'),
  col('Fqdn', 'string'),
  col('TargetUrl', 'string'),
  col('DestinationPort', 'int'),
  col('Protocol', 'string'),
  col('IsTlsInspected', 'bool'),
  col('WebCategory', 'string'),
  ...AZFW_RULE_COLUMNS,
]);

/** The legacy threat-intelligence table (one row per indicator version; `ConfidenceScore` is real, 0–100). */
export const THREAT_INTELLIGENCE_INDICATOR_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('IndicatorId', 'string'),
  col('ExternalIndicatorId', 'string'),
  col('IndicatorProvider', 'string'),
  col('Action', 'string'),
  col('Active', 'bool'),
  col('ConfidenceScore', 'real'),
  col('ThreatType', 'string'),
  col('ThreatSeverity', 'int'),
  col('Description', 'string'),
  col('ExpirationDateTime', 'datetime'),
  col('NetworkIP', 'string'),
  col('NetworkSourceIP', 'string'),
  col('NetworkDestinationIP', 'string'),
  col('NetworkCidrBlock', 'string'),
  col('DomainName', 'string'),
  col('Url', 'string'),
  col('TrafficLightProtocolLevel', 'string'),
  col('Tags', 'string'),
  col('SourceSystem', 'string'),
  col('Type', 'string'),
]);
