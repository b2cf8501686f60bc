import { once } from 'node:events';
import { createDeflate } from 'node:zlib';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';

// Upload fixtures built in memory: real PDF and Word documents, so tests exercise the real readers.

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A PDF with one page per entry; an empty entry is a page with a drawing and no text (a scan). */
export async function pdf(pages: string[]): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = document.addPage();
    if (text === '') {
      page.drawRectangle({ x: 50, y: 50, width: 100, height: 100 });
    } else {
      page.drawText(text, { x: 50, y: 700, size: 12, font });
    }
  }
  return Buffer.from(await document.save());
}

/** The [Content_Types].xml of an Office document whose main part has this content type. */
export const contentTypes = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

export async function zip(files: Record<string, string>): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content] of Object.entries(files)) {
    archive.file(name, content);
  }
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A Word document with one paragraph per entry. */
export function docx(paragraphs: string[], main = `${DOCX}.main+xml`): Promise<Buffer> {
  const body = paragraphs.map((text) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`).join('');
  return zip({
    '[Content_Types].xml': contentTypes(main),
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Target="word/document.xml" Type=' +
      '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>' +
      '</Relationships>',
    'word/document.xml':
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  });
}

// The PNG signature and an IHDR chunk (1×1, 8-bit RGB): enough for content sniffing.
export const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108020000009077' + '53de',
  'hex',
);

/** The start of a Windows executable: "MZ", then the DOS header up to the PE header offset. */
export function exe(): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.writeUInt16LE(0x014c, 0x84); // machine: i386
  return bytes;
}

// ---- Hostile documents: small uploads that take the parser gigabytes or minutes.

const MiB = 1024 * 1024;

/** A Word document whose document.xml is `mib` MiB of paragraphs: ~60 kB zipped at 20 MiB. */
export function docxOfXml(mib: number): Promise<Buffer> {
  const paragraph = '<w:p><w:r><w:t>x</w:t></w:r></w:p>';
  return docx(Array<string>(Math.ceil((mib * MiB) / paragraph.length)).fill('x'));
}

/**
 * A one-page PDF whose content stream is `operators` repeated to `mib` MiB, FlateDecode-compressed
 * (a thousandfold: 64 MiB of operators is a 65 kB file).
 */
export async function pdfOfContent(operators: string, mib: number): Promise<Buffer> {
  const stream = await deflateRepeated(Buffer.from(operators.repeat(MiB / operators.length)), mib);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R' +
      ' /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const append = (bytes: Buffer) => {
    parts.push(bytes);
    length += bytes.length;
  };
  objects.forEach((object, index) => {
    offsets.push(length);
    append(Buffer.from(`${index + 1} 0 obj\n${object}`));
    if (object.endsWith('stream\n')) {
      append(Buffer.concat([stream, Buffer.from('\nendstream')]));
    }
    append(Buffer.from('\nendobj\n'));
  });
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`);
  append(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries.join('')}` +
        `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

/** `block` deflated `times` over, without holding the whole inflated content in memory. */
async function deflateRepeated(block: Buffer, times: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  for (let written = 0; written < times; written++) {
    if (!deflate.write(block)) {
      await once(deflate, 'drain');
    }
  }
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat(compressed);
}
