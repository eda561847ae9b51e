/**
 * `npm run eval:community -- <folder>`: runs the `query:` of every .yaml in a folder of Microsoft Sentinel hunting queries
 * (e.g. Azure-Sentinel's `Solutions/Windows Security Events/Hunting Queries`) on the local KQL engine, over generated
 * SecurityEvent rows and empty tables for the other known schemas, and sorts each into one outcome:
 * - ran: the engine returned a result;
 * - refused: a QueryError `UnsupportedConstruct` naming what the engine lacks (every blocker, in source order);
 * - rejected: another QueryError located in the query (e.g. a table this workspace does not have);
 * - failed unclearly: anything else (an error that names neither a feature nor a query position).
 * Prints one line per query, then `name: value unit` lines. The queries are not part of the repository. Not part of
 * `npm test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QueryError } from '../src/errors.js';
import { createKqlEngine } from '../local/kql/createKqlEngine.js';
import { generateSecurityEvents } from '../local/sample/generateSecurityEvents.js';
import { buildTableData } from '../local/tables/tableData.js';
import { TABLE_SCHEMAS } from '../local/tables/tableSchemas.js';
import type { TableData } from '../local/kql/kqlTypes.js';

type Outcome = 'ran' | 'refused' | 'rejected' | 'failed_unclearly';

const folder = process.argv[2];
if (!folder || !statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('evalCommunityQueries: pass a folder of hunting-query .yaml files as the first argument');
  process.exit(2);
}

/** The block scalar after `query:` (`|` or `|-`), dedented by its first line's indentation, as YAML reads it. */
function readQuery(yaml: string): string | undefined {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => /^query:\s*[|>][-+]?\s*$/.test(l));
  if (start < 0) {
    const inline = lines.find((l) => l.startsWith('query:'));
    return inline ? inline.slice('query:'.length).trim().replace(/^(['"])(.*)\1$/, '$2') : undefined;
  }
  const body: string[] = [];
  let indent = -1;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') {
      body.push('');
      continue;
    }
    const own = line.length - line.trimStart().length;
    if (indent < 0) indent = own;
    if (own < indent) break;
    body.push(line.slice(indent));
  }
  return body.join('\n').trimEnd();
}

const END = new Date('2026-11-20T00:00:00Z');
const START = new Date(END.getTime() - 86_400_000);
const sample = generateSecurityEvents({ rows: 5_000, seed: 7, start: new Date(END.getTime() - 14 * 86_400_000), days: 14 });
const tables: Record<string, TableData> = {};
for (const [name, columns] of Object.entries(TABLE_SCHEMAS)) {
  tables[name] = buildTableData(columns, name === 'SecurityEvent' ? sample.rows : [], name);
}
const engine = createKqlEngine({ tables, now: () => END });

const counts: Record<Outcome, number> = { ran: 0, refused: 0, rejected: 0, failed_unclearly: 0 };
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort();
for (const file of files) {
  const query = readQuery(readFileSync(join(resolve(folder), file), 'utf8'));
  if (!query) {
    console.log(`${file}: skipped (no query)`);
    continue;
  }
  // Sentinel's hunting blade substitutes the chosen time range into these placeholders.
  const text = query.replaceAll('{{StartTimeISO}}', START.toISOString()).replaceAll('{{EndTimeISO}}', END.toISOString());
  let outcome: Outcome;
  let detail = '';
  try {
    const result = engine.run(text);
    outcome = 'ran';
    detail = `${result.tables[0]?.rows.length ?? 0} rows`;
  } catch (error) {
    const located = error instanceof QueryError && error.position !== undefined;
    outcome = error instanceof QueryError && error.code === 'UnsupportedConstruct' ? 'refused' : located ? 'rejected' : 'failed_unclearly';
    detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  counts[outcome] += 1;
  console.log(`${file}: ${outcome} — ${detail.replace(/\s+/g, ' ')}`);
}

console.log(`community_queries: ${files.length} queries`);
for (const [outcome, n] of Object.entries(counts)) console.log(`community_${outcome}: ${n} queries`);
