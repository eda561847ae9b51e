/**
 * Planted evidence for some planted addresses: connections (allowed, denied, failed) in DeviceNetworkEvents,
 * CommonSecurityLog and Azure Firewall's AZFWNetworkRule and AZFWApplicationRule, and indicators (valid, expired,
 * revoked) in ThreatIntelIndicators and the legacy ThreatIntelligenceIndicator, each a known case, so a local hunt
 * shows High exactly where a host reached the address or a valid indicator names it. Columns as the Azure Monitor Logs
 * table reference gives them (see local/tables/evidenceTableSchemas.ts).
 */

/** The tables evidence is planted in. */
export const PLANTED_EVIDENCE_TABLES = Object.freeze([
  'DeviceNetworkEvents',
  'CommonSecurityLog',
  'ThreatIntelIndicators',
  'AZFWNetworkRule',
  'AZFWApplicationRule',
  'ThreatIntelligenceIndicator',
] as const);

export interface PlantedEvidence {
  readonly tables: Record<(typeof PLANTED_EVIDENCE_TABLES)[number], Record<string, unknown>[]>;
  /** Addresses the evidence makes High (a successful or allowed connection, or a valid indicator). */
  readonly raising: string[];
  /** Addresses with evidence that is shown but does not raise (denied, failed, expired, revoked). */
  readonly shownOnly: string[];
}

/** The cases, in the order they are given to the first addresses. */
export const EVIDENCE_CASES = Object.freeze([
  'defender-allowed',
  'cef-denied',
  'defender-failed',
  'ti-valid',
  'ti-expired',
  'ti-revoked',
  'cef-allowed',
  'azfw-allowed',
  'azfw-app-denied',
  'ti-legacy-valid',
] as const);

const RAISING = new Set<string>(['defender-allowed', 'ti-valid', 'cef-allowed', 'azfw-allowed', 'ti-legacy-valid']);
const HOUR = 3_600_000;

/**
 * Evidence for the first addresses of `ips`, one case each (see EVIDENCE_CASES), around `at` (when the address was
 * sighted). Connections fall an hour after `at`; indicators are ingested a day before it.
 */
export function plantEvidence(ips: readonly string[], at: (ip: string) => Date): PlantedEvidence {
  const tables = Object.fromEntries(PLANTED_EVIDENCE_TABLES.map((name) => [name, []])) as unknown as PlantedEvidence['tables'];
  const raising: string[] = [];
  const shownOnly: string[] = [];
  EVIDENCE_CASES.forEach((kind, i) => {
    const ip = ips[i];
    if (ip === undefined) return;
    const seen = at(ip);
    const after = new Date(seen.getTime() + HOUR).toISOString();
    const before = (hours: number) => new Date(seen.getTime() - hours * HOUR).toISOString();
    (RAISING.has(kind) ? raising : shownOnly).push(ip);
    const device = (ActionType: string) => ({
      TimeGenerated: after,
      Timestamp: after,
      DeviceId: `dev-${i}`,
      DeviceName: `ws${i}.corp.example`,
      ActionType,
      RemoteIP: ip,
      RemotePort: 443,
      RemoteIPType: 'Public',
      LocalIP: '10.0.0.5',
      LocalPort: 50_000 + i,
      Protocol: 'Tcp',
      InitiatingProcessFileName: 'powershell.exe',
      InitiatingProcessAccountName: 'alice',
    });
    const cef = (DeviceAction: string) => ({
      TimeGenerated: after,
      DeviceVendor: 'Palo Alto Networks',
      DeviceProduct: 'PAN-OS',
      Activity: 'TRAFFIC',
      DeviceAction,
      SourceIP: '10.0.0.7',
      SourceHostName: `fw-client${i}`,
      DestinationIP: ip,
      DestinationPort: 8080,
      Protocol: 'tcp',
    });
    const firewall = (fields: Record<string, unknown>) => ({
      TimeGenerated: after,
      ActionReason: '',
      SourceIp: '10.0.1.4',
      SourcePort: 50_000 + i,
      DestinationPort: 443,
      Policy: 'fw-policy',
      RuleCollectionGroup: 'DefaultRuleCollectionGroup',
      RuleCollection: '',
      Rule: '',
      ...fields,
    });
    const indicator = (id: string, fields: Record<string, unknown>) => ({
      TimeGenerated: before(24),
      Id: id,
      ObservableKey: ip.includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value',
      ObservableValue: ip,
      Pattern: `[${ip.includes(':') ? 'ipv6' : 'ipv4'}-addr:value = '${ip}']`,
      IsActive: true,
      IsDeleted: false,
      Revoked: false,
      Confidence: 80,
      ValidFrom: before(24 * 30),
      Source: 'Local TAXII feed',
      SourceSystem: 'Local TAXII feed',
      Data: { name: `C2 server ${ip}`, description: 'Planted indicator', revoked: false },
      ...fields,
    });
    switch (kind) {
      case 'defender-allowed':
        tables.DeviceNetworkEvents.push(device('ConnectionSuccess'), device('ConnectionAttempt'));
        break;
      case 'cef-denied':
        tables.CommonSecurityLog.push(cef('deny'), cef('drop'));
        break;
      case 'defender-failed':
        tables.DeviceNetworkEvents.push(device('ConnectionFailed'));
        break;
      case 'ti-valid':
        tables.ThreatIntelIndicators.push(indicator(`indicator--valid-${i}`, { ValidUntil: new Date(seen.getTime() + 30 * 24 * HOUR).toISOString() }));
        break;
      case 'ti-expired':
        tables.ThreatIntelIndicators.push(indicator(`indicator--expired-${i}`, { ValidUntil: before(48), IsActive: false }));
        break;
      case 'ti-revoked':
        // The older record was valid; the latest one revokes it, and the latest decides.
        tables.ThreatIntelIndicators.push(
          indicator(`indicator--revoked-${i}`, { TimeGenerated: before(72) }),
          indicator(`indicator--revoked-${i}`, { IsActive: false, Revoked: true, Data: { name: `C2 server ${ip}`, description: 'Revoked by the feed', revoked: true } }),
        );
        break;
      case 'cef-allowed':
        tables.CommonSecurityLog.push(cef('allow'));
        break;
      case 'azfw-allowed':
        tables.AZFWNetworkRule.push(firewall({ Action: 'Allow', DestinationIp: ip, Protocol: 'TCP', RuleCollection: 'allow-web', Rule: 'allow-https' }));
        break;
      case 'azfw-app-denied':
        // No rule matched: the firewall's default action denies, and says so in ActionReason.
        tables.AZFWApplicationRule.push(firewall({ Action: 'Deny', ActionReason: 'Default Action', Fqdn: ip, TargetUrl: '', Protocol: 'HTTPS', IsTlsInspected: false, WebCategory: '' }));
        break;
      case 'ti-legacy-valid':
        tables.ThreatIntelligenceIndicator.push({
          TimeGenerated: before(24),
          IndicatorId: `legacy-valid-${i}`,
          ExternalIndicatorId: `feed-${i}`,
          IndicatorProvider: 'Local feed',
          Action: 'alert',
          Active: true,
          ConfidenceScore: 70,
          ThreatType: 'C2',
          ThreatSeverity: 4,
          Description: `Planted legacy indicator for ${ip}`,
          ExpirationDateTime: new Date(seen.getTime() + 30 * 24 * HOUR).toISOString(),
          NetworkIP: ip,
          TrafficLightProtocolLevel: 'amber',
        });
        break;
    }
  });
  return { tables, raising, shownOnly };
}
