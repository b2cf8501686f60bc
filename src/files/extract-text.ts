import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { UnsupportedMediaTypeError, ValidationError } from '../lib/errors.ts';
import { DOCUMENT_MEDIA_TYPES, TEXT_MEDIA_TYPES } from '../vocabulary/media-types.ts';
import type { ExtractionPool } from './extraction-pool.ts';
import type { DocumentKind } from './extraction-worker.ts';

/** The plain text of an uploaded file and the media type its content was read as. */
export interface ExtractedFile {
  mediaType: string;
  text: string;
}

// Widened so that any detected type or extension may be looked up.
const DOCUMENTS: Readonly<Record<string, DocumentKind>> = DOCUMENT_MEDIA_TYPES;
const TEXT_TYPES: Readonly<Record<string, string>> = TEXT_MEDIA_TYPES;
const ACCEPTED = 'accepted are .txt, .md, .csv and .json (UTF-8 text), .pdf and .docx';

/**
 * The text of an upload. The content decides before the name: a PDF or Word document is read as
 * such whatever it is called, and a name never makes another binary format acceptable. Text
 * formats are checked here (cheap, bounded by the upload's size); documents go to the pool.
 */
export async function extractText(
  documents: ExtractionPool,
  fileName: string,
  bytes: Buffer,
): Promise<ExtractedFile> {
  const detected = await fileTypeFromBuffer(bytes);
  const document = detected && DOCUMENTS[detected.mime];
  if (detected && document) {
    return withText(fileName, detected.mime, await documents.extract(document, fileName, bytes));
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
