/**
 * Reads a ZIP archive through its central directory (PKWARE APPNOTE 6.3.x), inflating deflated entries and checking
 * every CRC — so tests can unpack the deployment package where no `unzip` command exists.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../../../scripts/writeZip.js';

export interface ZipEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  /** Unix mode bits from the external attributes (made by Unix), 0 when absent. */
  readonly mode: number;
  readonly data: Buffer;
}

/** Every entry of the archive, in central-directory order. Throws on a bad signature, method or CRC. */
export function readZip(zipPath: string): ZipEntry[] {
  const zip = readFileSync(zipPath);
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error(`${zipPath}: no end of central directory record`);
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory header ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const external = zip.readUInt32LE(at + 38);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${zipPath}: bad local header for ${name}`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const raw = zip.subarray(dataAt, dataAt + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${zipPath}: ${name} fails its size or CRC check`);
    entries.push({ name, isDirectory: name.endsWith('/'), mode: madeBy === 3 ? external >>> 16 : 0, data });
  }
  return entries;
}

/** Writes the entries under `dir` (entries never escape it). */
export function unpackZip(entries: readonly ZipEntry[], dir: string): void {
  for (const entry of entries) {
    const target = path.resolve(dir, entry.name);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`zip entry ${entry.name} escapes ${dir}`);
    if (entry.isDirectory) mkdirSync(target, { recursive: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, entry.data, { mode: entry.mode & 0o777 || 0o644 });
    }
  }
}
