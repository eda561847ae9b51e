import {
  AZFW_APPLICATION_RULE_COLUMNS,
  AZFW_NETWORK_RULE_COLUMNS,
  COMMON_SECURITY_LOG_COLUMNS,
  DEVICE_NETWORK_EVENTS_COLUMNS,
  THREAT_INTEL_INDICATORS_COLUMNS,
  THREAT_INTELLIGENCE_INDICATOR_COLUMNS,
} from './evidenceTableSchemas.js';
import {
  DEVICE_PROCESS_EVENTS_COLUMNS,
  EVENT_COLUMNS,
  IM_PROCESS_CREATE_COLUMNS,
  WINDOWS_EVENT_COLUMNS,
} from './processEventSchemas.js';
import { SECURITY_EVENT_COLUMNS } from './securityEventSchema.js';
import type { KqlColumn } from '../kql/kqlTypes.js';

/** The tables the local workspace knows, by name. */
export const TABLE_SCHEMAS: Readonly<Record<string, readonly KqlColumn[]>> = Object.freeze({
  SecurityEvent: SECURITY_EVENT_COLUMNS,
  DeviceNetworkEvents: DEVICE_NETWORK_EVENTS_COLUMNS,
  CommonSecurityLog: COMMON_SECURITY_LOG_COLUMNS,
  ThreatIntelIndicators: THREAT_INTEL_INDICATORS_COLUMNS,
  AZFWNetworkRule: AZFW_NETWORK_RULE_COLUMNS,
  AZFWApplicationRule: AZFW_APPLICATION_RULE_COLUMNS,
  ThreatIntelligenceIndicator: THREAT_INTELLIGENCE_INDICATOR_COLUMNS,
  DeviceProcessEvents: DEVICE_PROCESS_EVENTS_COLUMNS,
  Event: EVENT_COLUMNS,
  WindowsEvent: WINDOWS_EVENT_COLUMNS,
  _Im_ProcessCreate: IM_PROCESS_CREATE_COLUMNS,
});
