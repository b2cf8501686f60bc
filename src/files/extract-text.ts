import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import mammoth from 'mammoth';
import { UnsupportedMediaTypeError, ValidationError } from '../lib/errors.ts';
import { unpacksWithin } from './zip-budget.ts';

/** The plain text of an uploaded file and the media type its content was read as. */
export interface ExtractedFile {
  mediaType: string;
  text: string;
}

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ACCEPTED = 'accepted are .txt, .md, .csv and .json (UTF-8 text), .pdf and .docx';

/** Text formats have no magic bytes, so for them alone the extension decides. */
const TEXT_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

/**
 * The text of an upload. The content decides before the name: a PDF or Word document is read as
 * such whatever it is called, and a name never makes another binary format acceptable.
 */
export async function extractText(fileName: string, bytes: Buffer): Promise<ExtractedFile> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected?.mime === PDF) {
    return withText(fileName, PDF, await pdfText(fileName, bytes));
  }
  if (detected?.mime === DOCX) {
    return withText(fileName, DOCX, await docxText(fileName, bytes));
  }
  const text = utf8Text(bytes);
  if (text === undefined) {
    // Magic numbers also match plain text ("MZ…", "ID3…"), so a detected type only counts when
    // the content is not text.
    const kind = detected ? `a file of type ${detected.ext}` : 'not UTF-8 text';
    throw new UnsupportedMediaTypeError(`${fileName} is ${kind}; ${ACCEPTED}`);
  }
  const extension = extname(fileName).toLowerCase();
  const mediaType = TEXT_TYPES[extension];
  if (mediaType === undefined) {
    const claimed = extension === '.pdf' || extension === '.docx';
    const kind = claimed ? `text, not a ${extension} file` : 'of an unsupported type';
    throw new UnsupportedMediaTypeError(`${fileName} is ${kind}; ${ACCEPTED}`);
  }
  if (mediaType === 'application/json') {
    assertJson(fileName, text);
  }
  return withText(fileName, mediaType, text);
}

/** The bytes as text (a BOM dropped), or undefined when they are not UTF-8 or hold NUL bytes. */
function utf8Text(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function assertJson(fileName: string, text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
}

function withText(fileName: string, mediaType: string, text: string): ExtractedFile {
  if (text.trim() === '') {
    throw new ValidationError(`No text could be extracted from ${fileName}`);
  }
  return { mediaType, text };
}

// Word documents compress text about tenfold; a thousandfold is a zip bomb.
const MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024;

async function docxText(fileName: string, bytes: Buffer): Promise<string> {
  if (!unpacksWithin(bytes, MAX_DOCX_UNPACKED_BYTES)) {
    throw new ValidationError(
      `${fileName} could not be read as a Word document (damaged, or it unpacks to more than ${MAX_DOCX_UNPACKED_BYTES / 1024 / 1024} MiB)`,
    );
  }
  try {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  } catch {
    throw new ValidationError(`${fileName} could not be read as a Word document`);
  }
}

// Font and character-map data shipped with pdfjs: without them it cannot map the glyphs of some
// fonts (the 14 standard fonts, CJK encodings) back to characters.
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function pdfText(fileName: string, bytes: Buffer): Promise<string> {
  // Loaded on first use: pdfjs is large and most uploads are not PDFs.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loading = getDocument({
    data: new Uint8Array(bytes), // a copy: pdfjs takes ownership of (detaches) what it is given
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
    cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
    cMapPacked: true,
    verbosity: 0, // its warnings (unknown fonts, broken xref) are noise to the server log
  });
  try {
    const document = await loading.promise;
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      const items = content.items.map((item) =>
        'str' in item ? item.str + (item.hasEOL ? '\n' : '') : '',
      );
      pages.push(items.join('').trim());
    }
    return pages.filter((page) => page !== '').join('\n\n');
  } catch (error) {
    const reason =
      (error as Error).name === 'PasswordException' ? ' (it is password-protected)' : '';
    throw new ValidationError(`${fileName} could not be read as PDF${reason}`);
  } finally {
    // Destroying the loading task also destroys the document, when one was opened.
    await loading.destroy();
  }
}
