/**
 * Reads one entry of a zip archive (enough for docProps/core.xml in a .docx) with node:zlib,
 * rather than importing mammoth's internal unzip or adding a zip dependency.
 * Handles stored and deflated entries; no zip64, no encryption (a .docx has neither).
 */
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The entry's bytes, or undefined when the archive or the entry cannot be read. */
export function readZipEntry(zip: Uint8Array, name: string): Buffer | undefined {
  try {
    const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
    // The end record sits in the last 22 bytes + up to 64 KB of archive comment.
    let eocd = -1;
    for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
      if (buf.readUInt32LE(at) === END_OF_CENTRAL_DIR) {
        eocd = at;
        break;
      }
    }
    if (eocd < 0) return undefined;
    const entries = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    for (let i = 0; i < entries; i++) {
      if (buf.readUInt32LE(at) !== CENTRAL_ENTRY) return undefined;
      const method = buf.readUInt16LE(at + 10);
      const compressedSize = buf.readUInt32LE(at + 20);
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const commentLength = buf.readUInt16LE(at + 32);
      const localOffset = buf.readUInt32LE(at + 42);
      const entryName = buf.toString('utf8', at + 46, at + 46 + nameLength);
      if (entryName === name) {
        if (buf.readUInt32LE(localOffset) !== LOCAL_HEADER) return undefined;
        const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        const data = buf.subarray(dataStart, dataStart + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        return undefined;
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
