/** A PowerShell `-EncodedCommand` payload or `FromBase64String('…')` literal found in a command line, decoded. */
export interface EncodedCommand {
  /** UTF-16 offset of the base64 payload in the command line. */
  readonly offset: number;
  /** The payload decoded as UTF-16LE (or, for FromBase64String literals, as ASCII when that reads better). */
  readonly text: string;
  /** Bytes per decoded character: 2 for UTF-16LE, 1 for ASCII; maps a span of `text` back to the payload's base64. */
  readonly bytesPerChar: 1 | 2;
}

// PowerShell accepts any unambiguous prefix of -EncodedCommand (`-e`, `-en`, `-enc`, …) and the alias `-ec`, introduced
// by `-`, `/` or the en/em dashes it also accepts; the payload may be quoted. Curl's `-e <referer>` and xcopy's `/e`
// also match here: their arguments fail the base64 and UTF-16LE checks below.
const SWITCH = /(?:^|[\s"'])[-/\u2013\u2014](?:ec|e(?:n(?:c(?:o(?:d(?:e(?:d(?:c(?:o(?:m(?:m(?:a(?:n(?:d)?)?)?)?)?)?)?)?)?)?)?)?)?)(?:\s+|:)["']?([A-Za-z0-9+/]{8,}={0,2})/giu;

// Empire-style launchers hide the server URL once more in a base64 literal inside the decoded script:
// `[Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('aAB0AHQAcAA6AC8ALwA…'))`.
const LITERAL = /FromBase64String\(\s*["']([A-Za-z0-9+/]{8,}={0,2})["']/giu;

/**
 * Find and decode PowerShell encoded-command payloads (UTF-16LE base64) and `FromBase64String('…')` literals
 * (UTF-16LE or ASCII). Payloads that are not valid base64 of mostly printable ASCII text (≥ 90 %; launchers are
 * scripts) are ignored, so look-alike switches of other tools and binary blobs do not produce garbage.
 */
export function findEncodedCommands(commandLine: string): EncodedCommand[] {
  const found: EncodedCommand[] = [];
  for (const [pattern, asciiToo] of [[SWITCH, false], [LITERAL, true]] as const) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(commandLine); m !== null; m = pattern.exec(commandLine)) {
      const payload = m[1]!;
      const decoded = decodeBase64Text(payload, asciiToo);
      if (decoded !== undefined) found.push({ offset: m.index + m[0].indexOf(payload, m[0].length - payload.length - 1), ...decoded });
    }
  }
  return found;
}

function mostlyPrintable(text: string): boolean {
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return text.length > 0 && printable >= text.length * 0.9;
}

function decodeBase64Text(payload: string, asciiToo: boolean): Pick<EncodedCommand, 'text' | 'bytesPerChar'> | undefined {
  // Some launchers drop the padding; base64 without padding is still unambiguous.
  const body = payload.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length >= 2 && bytes.length % 2 === 0) {
    const text = bytes.toString('utf16le');
    if (mostlyPrintable(text)) return { text, bytesPerChar: 2 };
  }
  if (asciiToo) {
    const text = bytes.toString('latin1');
    if (mostlyPrintable(text)) return { text, bytesPerChar: 1 };
  }
  return undefined;
}
