import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { unpacksWithin } from '../../src/files/zip-budget.ts';

// The zip-bomb guard in front of the docx parser: it inflates for real, so a zip that lies
// about its sizes is caught as well as one that tells the truth.

const MiB = 1024 * 1024;

async function zipOf(files: Record<string, string | Uint8Array>, compress = true): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) {
    zip.file(name, content);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: compress ? 'DEFLATE' : 'STORE' });
}

/** Rewrites the uncompressed size every central-directory entry declares. */
function declaringSize(zip: Buffer, size: number): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.indexOf('PK\x01\x02'); at >= 0; at = copy.indexOf('PK\x01\x02', at + 4)) {
    copy.writeUInt32LE(size, at + 24);
  }
  return copy;
}

describe('unpacksWithin', () => {
  it('measures what the entries unpack to, compressed or stored', async () => {
    const files = { 'a.xml': 'a'.repeat(300_000), 'b.xml': 'b'.repeat(300_000) };
    for (const zip of [await zipOf(files), await zipOf(files, false)]) {
      expect(unpacksWithin(zip, 600_000)).toBe(true);
      expect(unpacksWithin(zip, 599_999)).toBe(false);
    }
  });

  it('refuses a zip bomb: a few kilobytes that unpack to megabytes', async () => {
    const bomb = await zipOf({ 'word/document.xml': new Uint8Array(20 * MiB) });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(unpacksWithin(bomb, 1 * MiB)).toBe(false);
    expect(unpacksWithin(bomb, 21 * MiB)).toBe(true);
  });

  it('is not fooled by sizes the archive declares', async () => {
    const bomb = await zipOf({ 'word/document.xml': new Uint8Array(20 * MiB) });
    expect(unpacksWithin(declaringSize(bomb, 10), 1 * MiB)).toBe(false);
  });

  it('refuses what is not a readable zip', async () => {
    const zip = await zipOf({ 'a.txt': 'hello '.repeat(1000) });
    expect(unpacksWithin(Buffer.from('not a zip at all'), MiB)).toBe(false);
    expect(unpacksWithin(zip.subarray(0, zip.length - 30), MiB)).toBe(false);
    expect(unpacksWithin(zip.subarray(40), MiB)).toBe(false);
  });
});
