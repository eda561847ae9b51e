/** A PowerShell `-EncodedCommand` payload found in a command line, decoded. */
export interface EncodedCommand {
  /** UTF-16 offset of the base64 payload in the command line. */
  readonly offset: number;
  /** The payload decoded as UTF-16LE. */
  readonly text: string;
}

// PowerShell accepts any unambiguous prefix of -EncodedCommand (`-e`, `-en`, `-enc`, …) and the alias `-ec`, introduced
// by `-`, `/` or the en/em dashes it also accepts; the payload may be quoted. Curl's `-e <referer>` and xcopy's `/e`
// also match here: their arguments fail the base64 and UTF-16LE checks below.
const SWITCH = /(?:^|[\s"'])[-/\u2013\u2014](?:ec|e(?:n(?:c(?:o(?:d(?:e(?:d(?:c(?:o(?:m(?:m(?:a(?:n(?:d)?)?)?)?)?)?)?)?)?)?)?)?)?)(?:\s+|:)["']?([A-Za-z0-9+/]{8,}={0,2})/giu;

/**
 * Find and decode PowerShell encoded-command payloads (UTF-16LE base64). Payloads that are not valid base64 of mostly
 * printable ASCII text in UTF-16LE (≥ 90 %; PowerShell launchers are scripts) are ignored, so look-alike switches of other tools do not produce garbage.
 */
export function findEncodedCommands(commandLine: string): EncodedCommand[] {
  const found: EncodedCommand[] = [];
  SWITCH.lastIndex = 0;
  for (let m = SWITCH.exec(commandLine); m !== null; m = SWITCH.exec(commandLine)) {
    const payload = m[1]!;
    const text = decodeUtf16Base64(payload);
    if (text !== undefined) found.push({ offset: m.index + m[0].length - payload.length, text });
  }
  return found;
}

function decodeUtf16Base64(payload: string): string | undefined {
  // Some launchers drop the padding; base64 without padding is still unambiguous.
  const body = payload.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  const text = bytes.toString('utf16le');
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= text.length * 0.9 ? text : undefined;
}
