/**
 * Planted evidence for some planted addresses: connections (allowed, denied, failed) in DeviceNetworkEvents and
 * CommonSecurityLog, and indicators (valid, expired, revoked) in ThreatIntelIndicators, each a known case, so a local
 * hunt shows High exactly where a host reached the address or a valid indicator names it.
 */

export interface PlantedEvidence {
  readonly tables: {
    readonly DeviceNetworkEvents: Record<string, unknown>[];
    readonly CommonSecurityLog: Record<string, unknown>[];
    readonly ThreatIntelIndicators: Record<string, unknown>[];
  };
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
] as const);

const RAISING = new Set<string>(['defender-allowed', 'ti-valid', 'cef-allowed']);
const HOUR = 3_600_000;

/**
 * Evidence for the first addresses of `ips`, one case each (see EVIDENCE_CASES), around `at` (when the address was
 * sighted). Connections fall an hour after `at`; indicators are ingested a day before it.
 */
export function plantEvidence(ips: readonly string[], at: (ip: string) => Date): PlantedEvidence {
  const tables: PlantedEvidence['tables'] = { DeviceNetworkEvents: [], CommonSecurityLog: [], ThreatIntelIndicators: [] };
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
    const indicator = (id: string, fields: Record<string, unknown>) => ({
      TimeGenerated: before(24),
      Id: id,
      ObservableKey: ip.includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value',
      ObservableValue: ip,
      Pattern: `[${ip.includes(':') ? 'ipv6' : 'ipv4'}-addr:value = '${ip}']`,
      PatternType: 'stix',
      IsActive: true,
      IsDeleted: false,
      Confidence: 80,
      ValidFrom: before(24 * 30),
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
          indicator(`indicator--revoked-${i}`, { IsActive: false, Data: { name: `C2 server ${ip}`, description: 'Revoked by the feed', revoked: true } }),
        );
        break;
      case 'cef-allowed':
        tables.CommonSecurityLog.push(cef('allow'));
        break;
    }
  });
  return { tables, raising, shownOnly };
}
