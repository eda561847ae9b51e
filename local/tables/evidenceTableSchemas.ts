/**
 * Schemas of the tables the evidence query reads (name and type), from the Azure Monitor Logs table reference
 * (learn.microsoft.com/azure/azure-monitor/reference/tables/devicenetworkevents, …/commonsecuritylog,
 * …/threatintelindicators). The columns the query reads and those an analyst looks at first; not every column.
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

export const THREAT_INTEL_INDICATORS_COLUMNS: readonly KqlColumn[] = Object.freeze([
  col('TimeGenerated', 'datetime'),
  col('Id', 'string'),
  col('ObservableKey', 'string'),
  col('ObservableValue', 'string'),
  col('Pattern', 'string'),
  col('PatternType', 'string'),
  col('IsActive', 'bool'),
  col('IsDeleted', 'bool'),
  col('Confidence', 'int'),
  col('ValidFrom', 'datetime'),
  col('ValidUntil', 'datetime'),
  col('Created', 'datetime'),
  col('Modified', 'datetime'),
  col('LastUpdateMethod', 'string'),
  col('SourceSystem', 'string'),
  col('Tags', 'string'),
  /** The STIX indicator object (name, description, labels, revoked, …). */
  col('Data', 'dynamic'),
  col('Type', 'string'),
]);
