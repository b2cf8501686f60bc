import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * True when every entry of the zip unpacks, in all, to at most `budget` bytes. Each entry is
 * really inflated, with zlib stopping at the budget: the sizes a zip declares may lie, and a
 * docx that unpacks to gigabytes would take the server down in the parser. False too when the
 * archive cannot be read.
 */
export function unpacksWithin(zip: Buffer, budget: number): boolean {
  const end = zip.lastIndexOf(uint32(END_OF_DIRECTORY));
  if (end < 0 || end + 22 > zip.length) {
    return false;
  }
  let entry = zip.readUInt32LE(end + 16);
  let left = budget;
  for (let count = zip.readUInt16LE(end + 10); count > 0; count -= 1) {
    if (entry + 46 > zip.length || zip.readUInt32LE(entry) !== DIRECTORY_ENTRY) {
      return false;
    }
    const unpacked = entryBytes(zip, entry, left);
    if (unpacked === undefined) {
      return false;
    }
    left -= unpacked;
    entry +=
      46 +
      zip.readUInt16LE(entry + 28) +
      zip.readUInt16LE(entry + 30) +
      zip.readUInt16LE(entry + 32);
  }
  return true;
}

/** How many bytes one entry unpacks to; undefined when over `left` or unreadable. */
function entryBytes(zip: Buffer, entry: number, left: number): number | undefined {
  const method = zip.readUInt16LE(entry + 10);
  const packedSize = zip.readUInt32LE(entry + 20);
  const header = zip.readUInt32LE(entry + 42);
  if (header + 30 > zip.length || zip.readUInt32LE(header) !== LOCAL_HEADER) {
    return undefined;
  }
  const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const packed = zip.subarray(start, start + packedSize);
  if (method === STORED) {
    return packed.length <= left ? packed.length : undefined;
  }
  if (method !== DEFLATED) {
    return undefined;
  }
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, left) }).length;
  } catch {
    return undefined;
  }
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
