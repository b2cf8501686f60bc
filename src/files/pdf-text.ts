import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import type { ReadOutcome } from './read-outcome.ts';

// pdfjs parses on the calling thread with the "worker" module it finds here; otherwise it would
// import it on the first document, inside that document's time limit.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

// Font and character-map data shipped with pdfjs: without them it cannot map the glyphs of some
// fonts (the 14 standard fonts, CJK encodings) back to characters.
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Every page's text, pages separated by a blank line; stops at the first page past `maxChars`. */
export async function readPdf(
  fileName: string,
  bytes: Uint8Array,
  maxChars: number,
): Promise<ReadOutcome> {
  const loading = getDocument({
    data: bytes, // pdfjs takes ownership of (detaches) it: the worker's own copy
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
    let chars = 0;
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      const items = content.items.map((item) =>
        'str' in item ? item.str + (item.hasEOL ? '\n' : '') : '',
      );
      const page = items.join('').trim();
      chars += page.length;
      if (chars > maxChars) {
        return { overChars: true };
      }
      pages.push(page);
    }
    return { text: pages.filter((page) => page !== '').join('\n\n') };
  } catch (error) {
    const reason =
      (error as Error).name === 'PasswordException' ? ' (it is password-protected)' : '';
    return { damaged: `${fileName} could not be read as PDF${reason}` };
  } finally {
    // Destroying the loading task also destroys the document, when one was opened.
    await loading.destroy();
  }
}
