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
