import { readFile } from 'node:fs/promises';
import { InputError } from '../../src/errors.js';
import { parseTableRows } from './parseTableRows.js';
import type { TableData } from '../kql/kqlTypes.js';

/** Reads a JSON-lines or JSON-array file of rows of a known table. */
export async function readTableFile(tableName: string, file: string): Promise<TableData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError('table', `cannot read ${file}: ${(error as Error).message}`);
  }
  return parseTableRows(tableName, text, file);
}
