import { describe, expect, it } from 'vitest';
import { xmlToDynamic } from '../../../local/kql/xmlToDynamic.js';

describe('xmlToDynamic (parse_xml)', () => {
  // The conversion table of the parse_xml docs, row by row.
  it.each([
    ['<e/>', { e: null }],
    ['<e>text</e>', { e: 'text' }],
    ['<e name="value" />', { e: { '@name': 'value' } }],
    ['<e name="value">text</e>', { e: { '@name': 'value', '#text': 'text' } }],
    ['<e> <a>text</a> <b>text</b> </e>', { e: { a: 'text', b: 'text' } }],
    ['<e> <a>text</a> <a>text</a> </e>', { e: { a: ['text', 'text'] } }],
    ['<e>text <a>text</a></e>', { e: { '#text': 'text ', a: 'text' } }],
  ])('converts %s as the docs table does', (xml, expected) => {
    expect(xmlToDynamic(xml)).toEqual(expected);
  });

  it('reads the docs example, values staying text', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<duration>\n    <value>118.0</value>\n    <count>5.0</count>\n</duration>';
    expect(xmlToDynamic(xml)).toEqual({ duration: { value: '118.0', count: '5.0' } });
  });

  it('gives Sysmon EventData as the service does: the namespace and names as @ properties, each Data item a bag', () => {
    const xml =
      '<DataItem type="System.XmlData" time="2024-05-01T10:00:00.0000000Z" sourceHealthServiceId="0">' +
      '<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">' +
      '<Data Name="RuleName">-</Data><Data Name="CommandLine">cmd.exe /c &quot;ping 203.0.113.5&quot; &amp;&amp; exit</Data>' +
      '<Data Name="ParentUser" /></EventData></DataItem>';
    expect(xmlToDynamic(xml)).toEqual({
      DataItem: {
        '@type': 'System.XmlData',
        '@time': '2024-05-01T10:00:00.0000000Z',
        '@sourceHealthServiceId': '0',
        EventData: {
          '@xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event',
          Data: [
            { '@Name': 'RuleName', '#text': '-' },
            { '@Name': 'CommandLine', '#text': 'cmd.exe /c "ping 203.0.113.5" && exit' },
            { '@Name': 'ParentUser' },
          ],
        },
      },
    });
  });

  it('decodes character references and keeps text as written', () => {
    expect(xmlToDynamic('<e a="x&#9;y&#x41;">  a &lt;b&gt; &#233;  </e>')).toEqual({ e: { '@a': 'x\tyA', '#text': '  a <b> é  ' } });
    expect(xmlToDynamic('<e a="1\n2">x</e>')).toEqual({ e: { '@a': '1 2', '#text': 'x' } });
    expect(xmlToDynamic('<e></e>')).toEqual({ e: '' });
  });

  it('skips comments, processing instructions, a DOCTYPE and CDATA, as the docs say', () => {
    expect(xmlToDynamic('<!DOCTYPE e [<!ELEMENT e ANY>]><!-- c --><e><?pi x?><!-- c -->t<![CDATA[<raw>]]><a/></e><!-- end -->')).toEqual({
      e: { '#text': 't', a: null },
    });
  });

  it.each([
    ['not xml'],
    ['<a><b></a></b>'],
    ['<a>&nbsp;</a>'],
    ['<a x="1" x="2"/>'],
    ['<a/><b/>'],
    ['<a>'],
    [''],
  ])('gives null for %j, which is not well-formed', (xml) => {
    expect(xmlToDynamic(xml)).toBeNull();
  });

  it('gives null for text longer than 1 MB', () => {
    expect(xmlToDynamic(`<e>${'x'.repeat(1_048_576)}</e>`)).toBeNull();
    expect(xmlToDynamic(`<e>${'x'.repeat(1_000_000)}</e>`)).toEqual({ e: 'x'.repeat(1_000_000) });
  });
});
