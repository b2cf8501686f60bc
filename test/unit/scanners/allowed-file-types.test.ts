import { describe, expect, it } from 'vitest';
import { allowedFileTypesScanner } from '../../../src/scanners/general/allowed-file-types.ts';
import { detectWith, expectCorpusScore, scanContext } from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';
import { DOCUMENT_MEDIA_TYPES, TEXT_MEDIA_TYPES } from '../../../src/vocabulary/media-types.ts';

const defaults = allowedFileTypesScanner.defaults.settings;

async function scanFile(mediaType: string, sizeBytes: number, settings = {}) {
  const file = { name: 'upload', mediaType, sizeBytes };
  return detectWith(allowedFileTypesScanner, 'text', settings, { direction: 'file', file });
}

describe('allowedFileTypes scanner', () => {
  it('meets its corpus targets', async () => {
    await expectCorpusScore(allowedFileTypesScanner, { noMisses: true });
  });

  it('accepts by default exactly the types the server reads text from', () => {
    expect(schemaDefaults(allowedFileTypesScanner)).toEqual(defaults);
    expect(defaults.mediaTypes).toEqual([
      ...Object.values(TEXT_MEDIA_TYPES),
      ...Object.keys(DOCUMENT_MEDIA_TYPES),
    ]);
    expect(defaults.mediaTypes).toContain('application/pdf');
    expect(defaults.maxBytes).toBe(0);
  });

  it('reports a refused type and an oversized file as two findings on no text span', async () => {
    const detection = await scanFile('image/png', 5000, { maxBytes: 4000 });
    expect(detection.score).toBe(1);
    expect(detection.findings).toEqual([
      { type: 'fileType', start: 0, end: 0, label: 'File type not allowed: image/png' },
      { type: 'fileSize', start: 0, end: 0, label: 'File larger than 4000 bytes' },
    ]);
  });

  it('passes a text with no file, whatever the settings', async () => {
    const detect = await allowedFileTypesScanner.prepare(
      { mediaTypes: [], maxBytes: 1 },
      'allowedFileTypes.settings',
    );
    expect(await detect('anything', scanContext())).toEqual({ score: 0, findings: [] });
  });

  it('lets a wildcard accept one top-level type only', async () => {
    expect((await scanFile('text/csv', 10, { mediaTypes: ['text/*'] })).score).toBe(0);
    expect((await scanFile('textual/csv', 10, { mediaTypes: ['text/*'] })).score).toBe(1);
  });

  it('offers block as its only action', () => {
    expect(allowedFileTypesScanner.actions).toEqual(['block']);
  });
});
