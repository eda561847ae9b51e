/**
 * What `parse_path` makes of a file path, per https://learn.microsoft.com/kusto/query/parse-path-function: a bag of
 * Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension and AlternateDataStreamName, for paths with either
 * slash, a scheme (`file://…`), a share (`\\server\share\…`), a long-path prefix (`\\?\C:\…`) and an alternate data
 * stream (`file.exe:stream.exe`). The docs' examples fix the shapes:
 * - `C:\temp\file.txt` → RootPath `C:`, DirectoryPath `C:\temp`, DirectoryName `temp`, Filename `file.txt`, Extension `txt`;
 * - `file://C:/temp/file.txt:some.exe` → Scheme `file`, DirectoryPath `C:/temp`, AlternateDataStreamName `some.exe`;
 * - `\\shared\users\temp\file.txt.gz` → RootPath "", DirectoryPath `\\shared\users\temp`, Extension `gz`.
 * Where the docs give no example the choice is marked [inferred]: the long-path prefix stays in DirectoryPath and the drive
 * after it is the RootPath; a path ending in a slash has an empty Filename.
 */

export interface PathParts {
  readonly Scheme: string;
  readonly RootPath: string;
  readonly DirectoryPath: string;
  readonly DirectoryName: string;
  readonly Filename: string;
  readonly Extension: string;
  readonly AlternateDataStreamName: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//;
const LONG_PATH = /^[\\/]{2}[?.][\\/]/;
const DRIVE = /^[A-Za-z]:/;

/** Splits `path` into the parts parse_path returns. */
export function parsePath(path: string): PathParts {
  const scheme = SCHEME.exec(path);
  const rest = scheme ? path.slice(scheme[0].length) : path;
  const afterPrefix = rest.replace(LONG_PATH, '');
  const root = DRIVE.exec(afterPrefix)?.[0] ?? '';
  const lastSlash = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/'));
  const directoryPath = lastSlash < 0 ? '' : rest.slice(0, lastSlash);
  let name = lastSlash < 0 ? rest : rest.slice(lastSlash + 1);
  if (lastSlash < 0 && root) name = name.slice(root.length);
  // A colon in the last part separates the file from an alternate data stream.
  const colon = name.indexOf(':');
  const stream = colon < 0 ? '' : name.slice(colon + 1);
  const filename = colon < 0 ? name : name.slice(0, colon);
  const dot = filename.lastIndexOf('.');
  const directoryName = directoryPath.slice(Math.max(directoryPath.lastIndexOf('\\'), directoryPath.lastIndexOf('/')) + 1);
  return {
    Scheme: scheme ? scheme[1]! : '',
    RootPath: root,
    DirectoryPath: directoryPath,
    DirectoryName: directoryName,
    Filename: filename,
    Extension: dot < 0 ? '' : filename.slice(dot + 1),
    AlternateDataStreamName: stream,
  };
}
