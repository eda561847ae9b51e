import { beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/errors.js';
import { createKqlEngine } from '../../../local/kql/createKqlEngine.js';
import { sysmonEventXml } from '../../../local/sample/generateProcessEvents.js';
import { parseTableRows } from '../../../local/tables/parseTableRows.js';
import type { KqlEngine, KqlResultTable } from '../../../local/kql/kqlTypes.js';

// Our own queries, written the way community hunting queries and Microsoft's Sysmon parsers read event XML.
let engine: KqlEngine;

beforeAll(() => {
  const security = [
    {
      TimeGenerated: '2024-05-01T10:00:00Z',
      EventID: 5058,
      Computer: 'ws1',
      EventData:
        '<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="SubjectLogonId">0x3e7</Data>' +
        '<Data Name="KeyName">TSSecKeySet1</Data><Data Name="KeyType">%%2499</Data></EventData>',
    },
  ];
  const sysmon = [
    {
      TimeGenerated: '2024-05-01T11:00:00Z',
      Source: 'Microsoft-Windows-Sysmon',
      EventID: 1,
      Computer: 'ws2',
      EventData: sysmonEventXml({ RuleName: '-', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c "ping 203.0.113.5" && exit', ParentUser: '' }, '2024-05-01T11:00:00.0000000Z'),
    },
  ];
  engine = createKqlEngine({
    tables: { SecurityEvent: parseTableRows('SecurityEvent', JSON.stringify(security)), Event: parseTableRows('Event', JSON.stringify(sysmon)) },
  });
});

function table(query: string): KqlResultTable {
  return engine.run(query).tables[0]!;
}

function rejection(query: string): QueryError {
  try {
    engine.run(query);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`the query ran: ${query}`);
}

describe('evaluate bag_unpack (bag_unpack plugin docs)', () => {
  it('turns each property into a column, after the input columns, in name order, typed by its values', () => {
    const result = table(`datatable(k:string, d:dynamic)["a", dynamic({"Name": "John", "Age": 20}), "b", dynamic({"Name": "Dave", "Age": 40, "Tags": [1]})]
      | evaluate bag_unpack(d)`);
    expect(result.columns).toEqual([
      { name: 'k', type: 'string' },
      { name: 'Age', type: 'long' },
      { name: 'Name', type: 'string' },
      { name: 'Tags', type: 'dynamic' },
    ]);
    expect(result.rows).toEqual([
      ['a', 20, 'John', null],
      ['b', 40, 'Dave', [1]],
    ]);
  });

  it('gives a property whose values differ in type the dynamic type, and prefixes names', () => {
    const result = table(`datatable(d:dynamic)[dynamic({"x": 1}), dynamic({"x": "one"}), dynamic(null)] | evaluate bag_unpack(d, "p_")`);
    expect(result.columns).toEqual([{ name: 'p_x', type: 'dynamic' }]);
    expect(result.rows).toEqual([[1], ['one'], [null]]);
  });

  it('lets later operators read the unpacked columns by name, as dynamic values', () => {
    const result = table(`datatable(d:dynamic)[dynamic({"Name": "John", "Age": 20}), dynamic({"Name": "Dave", "Age": 40})]
      | evaluate bag_unpack(d) | where Age > 30 | project Who = tostring(Name), Age`);
    expect(result.rows).toEqual([['Dave', 40]]);
  });

  it('fails, naming the column, when a property would become a column the input has (columnsConflict error)', () => {
    const query = `datatable(Name:string, d:dynamic)["x", dynamic({"Name": "John"})] | evaluate bag_unpack(d)`;
    const error = rejection(query);
    expect(error.message).toMatch(/bag_unpack: property 'Name' would become column 'Name'/);
    expect(error.position).toBe(query.indexOf('bag_unpack'));
  });

  it('takes an output schema: its columns, with * keeping the input ones, each property converted to its type', () => {
    const result = table(`datatable(k:string, d:dynamic)["a", dynamic({"Age": "20", "Other": 1})] | evaluate bag_unpack(d) : (*, Age:long, Missing:string)`);
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['k:string', 'Age:long', 'Missing:string']);
    expect(result.rows).toEqual([['a', 20, '']]);
  });

  it('reports a column the data did not produce as a query error at its position', () => {
    const error = rejection(`datatable(d:dynamic)[dynamic({"a": 1})] | evaluate bag_unpack(d) | project b`);
    expect(error.message).toMatch(/Failed to resolve column 'b'/);
    expect(error.code).not.toBe('UnsupportedConstruct');
  });
});

describe('column_ifexists (column_ifexists docs)', () => {
  it('reads the column when the input has it, else the default expression', () => {
    const result = table(`datatable(a:string, b:string)["x", "y"] | project p = column_ifexists("a", b), q = column_ifexists("nope", b), r = column_ifexists("nope", 1)`);
    expect(result.rows).toEqual([['x', 'y', 1]]);
  });

  it('decides per input, so it sees the columns bag_unpack made from the data', () => {
    const result = table(`datatable(d:dynamic)[dynamic({"@Name": "KeyName", "#text": "TSSecKeySet1"}), dynamic({"@Name": "Empty"})]
      | evaluate bag_unpack(d) | project Key = column_ifexists("@Name", ""), Value = column_ifexists("#text", ""), None = column_ifexists("Other", "-")`);
    expect(result.rows).toEqual([
      ['KeyName', 'TSSecKeySet1', '-'],
      ['Empty', '', '-'],
    ]);
  });

  it('refuses a column of another type than a non-text default rather than converting it', () => {
    const error = rejection(`datatable(a:string)["x"] | project v = column_ifexists("a", 1)`);
    expect(error.code).toBe('UnsupportedConstruct');
    expect(error.message).toMatch(/column_ifexists of the string column 'a' with a long default/);
  });
});

describe('parse_xml and parse_path in queries', () => {
  it('reads SecurityEvent EventData items into key/value rows, as community queries do', () => {
    const result = table(`SecurityEvent | extend D = parse_xml(EventData).EventData.Data | mv-expand bagexpansion=array D | evaluate bag_unpack(D)
      | extend Key = tostring(column_ifexists('@Name', "")), Value = column_ifexists('#text', "") | project Computer, Key, Value`);
    expect(result.rows).toEqual([
      ['ws1', 'SubjectLogonId', '0x3e7'],
      ['ws1', 'KeyName', 'TSSecKeySet1'],
      ['ws1', 'KeyType', '%%2499'],
    ]);
  });

  it('reads a Sysmon command line out of Event.EventData with its entities decoded', () => {
    const result = table(`Event | extend Data = parse_xml(EventData).DataItem.EventData.Data
      | mv-expand Item = Data | where tostring(Item["@Name"]) == "CommandLine" | project CommandLine = tostring(Item["#text"])`);
    expect(result.rows).toEqual([['cmd.exe /c "ping 203.0.113.5" && exit']]);
  });

  it('splits a process path', () => {
    const result = table(`print p = parse_path(@"C:\\Windows\\System32\\cmd.exe") | project Dir = tostring(p.DirectoryPath), File = tostring(p.Filename)`);
    expect(result.rows).toEqual([['C:\\Windows\\System32', 'cmd.exe']]);
  });
});

describe('what the offline engine refuses, by name and position', () => {
  it('refuses externaldata, which reads from a URL', () => {
    const error = rejection(`let Bin = externaldata(Binary: string) [@"https://example.org/lolbas.csv"] with (format="csv"); SecurityEvent | where Process has_any (Bin)`);
    expect(error.code).toBe('UnsupportedConstruct');
    expect(error.message).toMatch(/^Unsupported externaldata \(it reads its rows from a URL/);
    expect(error.position).toBe(10);
  });

  it('refuses plugins other than bag_unpack, naming each, and what runs over columns known only from the data', () => {
    const query = `SecurityEvent | extend D = parse_json(EventData) | evaluate bag_unpack(D) | evaluate pivot(Computer) | project-away EventID | evaluate narrow()`;
    const error = rejection(query);
    expect(error.code).toBe('UnsupportedConstruct');
    expect(error.position).toBe(query.indexOf('pivot'));
    expect(error.message).toMatch(
      /^Unsupported plugin 'pivot' of evaluate at position \d+ .*; 'project-away' over columns that depend on the data at .*; plugin 'narrow' of evaluate at/,
    );
  });
});
