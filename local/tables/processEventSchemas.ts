/**
 * Schemas of the process-creation tables other than SecurityEvent: the columns the hunting and investigation queries
 * read, plus the ones that identify a row (and `_ResourceId`, and Event's `MG`, which community queries project and
 * Microsoft's Sysmon parsers pivot by), with the types of the Azure Monitor table references
 * (https://learn.microsoft.com/azure/azure-monitor/reference/tables/deviceprocessevents, …/tables/event,
 * …/tables/windowsevent) and of the ASIM process event schema for `_Im_ProcessCreate`
 * (https://learn.microsoft.com/azure/sentinel/normalization-schema-process-event). In a workspace `_Im_ProcessCreate`
 * is a parser function; the local workspace serves its output as a table of the same name.
 */
import type { KqlColumn, KqlType } from '../kql/kqlTypes.js';

function columns(spec: string): readonly KqlColumn[] {
  return Object.freeze(
    spec
      .trim()
      .split(/\s+/)
      .map((pair) => {
        const [name, type] = pair.split(':') as [string, KqlType];
        return { name, type };
      }),
  );
}

export const DEVICE_PROCESS_EVENTS_COLUMNS = columns(`
  TimeGenerated:datetime Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string
  FolderPath:string SHA256:string ProcessId:long ProcessCommandLine:string ProcessCreationTime:datetime
  AccountDomain:string AccountName:string AccountSid:string AccountUpn:string AccountObjectId:string
  InitiatingProcessFileName:string InitiatingProcessCommandLine:string InitiatingProcessAccountName:string
  InitiatingProcessAccountDomain:string ReportId:long TenantId:string Type:string
`);

export const EVENT_COLUMNS = columns(`
  TimeGenerated:datetime Source:string EventLog:string EventID:int EventLevel:int EventLevelName:string Computer:string
  EventData:string RenderedDescription:string UserName:string ParameterXml:string EventCategory:int ManagementGroupName:string
  MG:string TenantId:string Type:string _ResourceId:string
`);

export const WINDOWS_EVENT_COLUMNS = columns(`
  TimeGenerated:datetime Provider:string Channel:string EventID:int EventLevel:int EventLevelName:string Computer:string
  EventData:dynamic Data:string Keywords:string Task:int Opcode:string EventOriginId:string TimeCreated:datetime
  TenantId:string Type:string _ResourceId:string
`);

export const IM_PROCESS_CREATE_COLUMNS = columns(`
  TimeGenerated:datetime EventType:string EventProduct:string EventVendor:string DvcHostname:string DvcDomain:string
  DvcFQDN:string DvcId:string DvcIdType:string DvcOs:string ActorUsername:string ActorUserId:string ActorUserIdType:string
  TargetProcessName:string TargetProcessCommandLine:string TargetProcessId:string ParentProcessName:string Type:string
`);
