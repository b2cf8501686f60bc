import mammoth from 'mammoth';
import type { ReadOutcome } from './read-outcome.ts';
import { unpacksWithin } from './zip-budget.ts';

// Word documents compress text about tenfold; a thousandfold is a zip bomb.
const MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024;

/** The raw text of a Word document, after checking, cheaply, that it is no zip bomb. */
export async function readDocx(fileName: string, bytes: Uint8Array): Promise<ReadOutcome> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!unpacksWithin(zip, MAX_DOCX_UNPACKED_BYTES)) {
    return {
      damaged: `${fileName} could not be read as a Word document (damaged, or it unpacks to more than ${MAX_DOCX_UNPACKED_BYTES / 1024 / 1024} MiB)`,
    };
  }
  try {
    return { text: (await mammoth.extractRawText({ buffer: zip })).value };
  } catch {
    return { damaged: `${fileName} could not be read as a Word document` };
  }
}
