import { afterAll, describe, expect, it } from 'vitest';
import { extractText } from '../../src/files/extract-text.ts';
import { createExtractionPool } from '../../src/files/extraction-pool.ts';
import { UnsupportedMediaTypeError, ValidationError } from '../../src/lib/errors.ts';
import { contentTypes, docx, DOCX, pdf, png, zip } from '../helpers/file-fixtures.ts';

// Uploads are read by their content: PDF and Word documents whatever their name, text formats by
// extension, everything else refused (415); damaged or empty files of a supported kind are 400.

const pool = createExtractionPool({
  workers: 1,
  queue: 16,
  timeoutMs: 10_000,
  heapMb: 256,
  maxChars: 1_000_000,
});
afterAll(() => pool.close());

describe('extractText', () => {
  it('reads every page of a PDF, pages separated by a blank line', async () => {
    const file = await extractText(
      pool,
      'report.pdf',
      await pdf(['Quarterly risk', 'Mitigation plan']),
    );
    expect(file).toEqual({
      mediaType: 'application/pdf',
      text: 'Quarterly risk\n\nMitigation plan',
    });
  });

  it('reads the paragraphs of a Word document', async () => {
    const file = await extractText(
      pool,
      'memo.docx',
      await docx(['Vendor lock-in', 'Data residency']),
    );
    expect(file.mediaType).toBe(DOCX);
    expect(file.text).toMatch(/Vendor lock-in\s+Data residency/);
  });

  it('lets the content win over the name: a PDF called .txt is read as PDF', async () => {
    const file = await extractText(pool, 'notes.txt', await pdf(['Hidden in a PDF']));
    expect(file).toEqual({ mediaType: 'application/pdf', text: 'Hidden in a PDF' });
  });

  it.each([
    ['notes.txt', 'text/plain', 'Plain notes'],
    ['README.MD', 'text/markdown', '# Title\n\nSome *markdown*'],
    ['table.csv', 'text/csv', 'risk,score\nbias,3\n'],
    ['data.json', 'application/json', '{"risk": "drift", "score": 2}'],
  ])('reads %s as %s', async (name, mediaType, text) => {
    expect(await extractText(pool, name, Buffer.from(text))).toEqual({ mediaType, text });
  });

  it('drops a UTF-8 byte order mark and keeps non-ASCII text', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café – naïve')]);
    expect(await extractText(pool, 'bom.txt', bytes)).toEqual({
      mediaType: 'text/plain',
      text: 'Café – naïve',
    });
  });

  it('accepts text whose first bytes happen to look like a binary signature', async () => {
    // "MZ" starts a Windows executable, "ID3" an MP3.
    expect((await extractText(pool, 'a.txt', Buffer.from('MZ Holdings report'))).text).toBe(
      'MZ Holdings report',
    );
    expect((await extractText(pool, 'b.csv', Buffer.from('ID3,name\n1,x'))).mediaType).toBe(
      'text/csv',
    );
  });

  it.each([
    ['a PNG image', 'image.png', async () => png],
    ['a PNG named .txt', 'image.txt', async () => png],
    ['a zip that is not a Word document', 'archive.docx', () => zip({ 'notes.txt': 'hello' })],
    [
      'a spreadsheet renamed .docx',
      'sheet.docx',
      () =>
        docx(['x'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'),
    ],
    ['Latin-1 text', 'latin1.txt', async () => Buffer.from([0x63, 0x61, 0x66, 0xe9])],
    ['text with NUL bytes', 'nul.txt', async () => Buffer.from('a\u0000b')],
    ['text named .exe', 'setup.exe', async () => Buffer.from('plain words')],
    ['text without an extension', 'README', async () => Buffer.from('plain words')],
    ['text named .pdf', 'fake.pdf', async () => Buffer.from('plain words')],
  ])('refuses %s with 415, naming what is accepted', async (_case, name, bytes) => {
    const error = await extractText(pool, name, await bytes()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toMatch(/\.txt.*\.md.*\.csv.*\.json.*\.pdf.*\.docx/);
  });

  it('says so when text is not UTF-8', async () => {
    await expect(extractText(pool, 'x.txt', Buffer.from([0xe9, 0x0a]))).rejects.toThrow(
      /x\.txt is not UTF-8 text/,
    );
  });

  it('refuses JSON that does not parse with 400 naming the file', async () => {
    const error = await extractText(pool, 'broken.json', Buffer.from('{"a": ')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^broken\.json is not valid JSON/);
  });

  it('refuses a truncated PDF with 400', async () => {
    const whole = await pdf(['Some text', 'More text']);
    const error = await extractText(pool, 'cut.pdf', whole.subarray(0, whole.length / 2)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('cut.pdf could not be read as PDF');
  });

  it('refuses a Word document without its main part with 400', async () => {
    const broken = await zip({ '[Content_Types].xml': contentTypes(`${DOCX}.main+xml`) });
    const error = await extractText(pool, 'broken.docx', broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('broken.docx could not be read as a Word document');
  });

  it.each([
    ['a PDF with no text (a scan)', 'scan.pdf', () => pdf(['', ''])],
    ['an empty text file', 'empty.txt', async () => Buffer.alloc(0)],
    ['a blank text file', 'blank.md', async () => Buffer.from(' \n\t\n')],
  ])('refuses %s with 400: no text could be extracted', async (_case, name, bytes) => {
    const error = await extractText(pool, name, await bytes()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(`No text could be extracted from ${name}`);
  });
});
