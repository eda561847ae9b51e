import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../src/errors.js';
import { JsonRowSplitter } from './JsonRowSplitter.js';
import { tableBuilderFor } from './parseTableRows.js';
import type { TableData } from '../kql/kqlTypes.js';

/** The file's text as a stream of chunks, gunzipped when the name ends in `.gz`. */
function openText(file: string): Readable {
  const raw = createReadStream(file);
  if (!file.toLowerCase().endsWith('.gz')) return raw.setEncoding('utf8');
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip).setEncoding('utf8');
}

/**
 * Reads a JSON-lines or JSON-array file (optionally gzipped, `.gz`) of rows of a known table. The file streams through
 * in chunks, one row's text at a time, so its size is bounded by the table's memory, never by a string's length.
 * @param onRows called every 100,000 rows with the count so far (progress for long loads).
 */
export async function readTableFile(tableName: string, file: string, onRows?: (count: number) => void): Promise<TableData> {
  const builder = tableBuilderFor(tableName, file);
  const splitter = new JsonRowSplitter(file, (row) => {
    builder.add(row);
    if (onRows && builder.rowCount % 100_000 === 0) onRows(builder.rowCount);
  });
  try {
    for await (const chunk of openText(file)) splitter.push(chunk as string);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('table', `cannot read ${file}: ${(error as Error).message}`);
  }
  splitter.end();
  return builder.finish();
}
