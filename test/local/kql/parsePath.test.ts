import { describe, expect, it } from 'vitest';
import { parsePath } from '../../../local/kql/parsePath.js';

const parts = (over: Partial<Record<string, string>>) => ({
  Scheme: '',
  RootPath: '',
  DirectoryPath: '',
  DirectoryName: '',
  Filename: '',
  Extension: '',
  AlternateDataStreamName: '',
  ...over,
});

describe('parsePath (parse_path)', () => {
  // The examples of the parse_path docs.
  it.each([
    [String.raw`C:\temp\file.txt`, parts({ RootPath: 'C:', DirectoryPath: String.raw`C:\temp`, DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt' })],
    [String.raw`temp\file.txt`, parts({ DirectoryPath: 'temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt' })],
    [
      'file://C:/temp/file.txt:some.exe',
      parts({ Scheme: 'file', RootPath: 'C:', DirectoryPath: 'C:/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: 'some.exe' }),
    ],
    [
      String.raw`\\shared\users\temp\file.txt.gz`,
      parts({ DirectoryPath: String.raw`\\shared\users\temp`, DirectoryName: 'temp', Filename: 'file.txt.gz', Extension: 'gz' }),
    ],
    ['/usr/lib/temp/file.txt', parts({ DirectoryPath: '/usr/lib/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt' })],
  ])('splits %s as the docs example does', (path, expected) => {
    expect(parsePath(path)).toEqual(expected);
  });

  it('reads the drive after a long-path prefix and keeps the prefix in the directory', () => {
    expect(parsePath(String.raw`\\?\C:\Windows\System32\cmd.exe`)).toEqual(
      parts({ RootPath: 'C:', DirectoryPath: String.raw`\\?\C:\Windows\System32`, DirectoryName: 'System32', Filename: 'cmd.exe', Extension: 'exe' }),
    );
  });

  it('gives a bare file name and an empty path their own shapes', () => {
    expect(parsePath('cmd.exe')).toEqual(parts({ Filename: 'cmd.exe', Extension: 'exe' }));
    expect(parsePath('')).toEqual(parts({}));
    expect(parsePath('C:\\Tools\\')).toEqual(parts({ RootPath: 'C:', DirectoryPath: 'C:\\Tools', DirectoryName: 'Tools' }));
  });
});
