// @ts-check
/**
 * A small ZIP writer (PKWARE APPNOTE 6.3.x: local file headers, central directory, end of central directory record),
 * so packaging needs no `zip` command and no dependency. Files are deflated with node:zlib when that makes them
 * smaller, stored otherwise. Timestamps are fixed, so the same files always make the same bytes.
 */
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (ISO-HDLC, the one ZIP uses). node:zlib has crc32 only from Node 20.15, and the engines field allows 20.0.
 * @param {Uint8Array} data
 * @returns {number}
 */
export function crc32(data) {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00:00, the DOS epoch: a fixed time keeps the archive reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
// Without ZIP64 an archive holds at most 65,535 entries and 4 GiB.
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/**
 * Every file and folder under `dir`, as forward-slash paths relative to it, folders with a trailing slash, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
function listTree(dir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} relative */
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        found.push(`${child}/`);
        walk(child);
      } else if (entry.isFile()) found.push(child);
      else throw new Error(`Write zip: ${path.join(dir, child)} is neither a file nor a folder (links are not packaged)`);
    }
  };
  walk('');
  return found.sort();
}

/**
 * The fields a local file header (at offset 4) and a central directory header (at offset 6) share, in the same order:
 * version needed, flags, method, time, date, CRC-32, sizes, name length.
 * @param {Buffer} buffer
 * @param {number} at
 * @param {{ method: number, crc: number, compressedSize: number, size: number, nameLength: number }} fields
 */
function writeEntryFields(buffer, at, fields) {
  buffer.writeUInt16LE(20, at); // version needed: 2.0 (deflate, folders)
  buffer.writeUInt16LE(0x0800, at + 2); // flags: names are UTF-8
  buffer.writeUInt16LE(fields.method, at + 4);
  buffer.writeUInt16LE(DOS_TIME, at + 6);
  buffer.writeUInt16LE(DOS_DATE, at + 8);
  buffer.writeUInt32LE(fields.crc, at + 10);
  buffer.writeUInt32LE(fields.compressedSize, at + 14);
  buffer.writeUInt32LE(fields.size, at + 18);
  buffer.writeUInt16LE(fields.nameLength, at + 22);
}

/**
 * Writes every file and folder under `sourceDir` into a new ZIP archive at `zipPath`.
 * @param {string} sourceDir
 * @param {string} zipPath
 * @returns {{ entries: number, bytes: number }}
 */
export function writeZip(sourceDir, zipPath) {
  const names = listTree(sourceDir);
  if (names.length > MAX_ENTRIES) throw new Error(`Write zip ${zipPath}: ${names.length} entries is more than ZIP without ZIP64 holds (${MAX_ENTRIES})`);
  const fd = openSync(zipPath, 'w');
  /** @type {Buffer[]} */
  const central = [];
  let offset = 0;
  /** @param {Buffer} chunk */
  const write = (chunk) => {
    writeSync(fd, chunk);
    offset += chunk.length;
  };
  try {
    for (const name of names) {
      const isDir = name.endsWith('/');
      const data = isDir ? Buffer.alloc(0) : readFileSync(path.join(sourceDir, name));
      const deflated = isDir ? data : deflateRawSync(data);
      const method = deflated.length < data.length ? 8 : 0;
      const body = method === 8 ? deflated : data;
      const crc = crc32(data);
      const fileName = Buffer.from(name, 'utf8');
      if (offset > MAX_OFFSET) throw new Error(`Write zip ${zipPath}: larger than 4 GiB, which ZIP without ZIP64 cannot address`);
      const fields = { method, crc, compressedSize: body.length, size: data.length, nameLength: fileName.length };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      writeEntryFields(local, 4, fields);
      // extra field length: 0
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 — so the external attributes carry Unix modes
      writeEntryFields(header, 6, fields);
      // extra field, comment, disk number start, internal attributes: 0
      const mode = isDir ? 0o40755 : statSync(path.join(sourceDir, name)).mode & 0o111 ? 0o100755 : 0o100644;
      header.writeUInt32LE(((mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
      header.writeUInt32LE(offset, 42);
      central.push(header, fileName);
      write(local);
      write(fileName);
      write(body);
    }
    const centralStart = offset;
    for (const chunk of central) write(chunk);
    if (offset > MAX_OFFSET) throw new Error(`Write zip ${zipPath}: larger than 4 GiB, which ZIP without ZIP64 cannot address`);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(names.length, 8);
    end.writeUInt16LE(names.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
  return { entries: names.length, bytes: offset };
}
