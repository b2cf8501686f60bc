import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  languageDetectionScanner,
} from '../../../src/scanners/general/language-detection.ts';
import { ValidationError } from '../../../src/lib/errors.ts';
import {
  expectCorpusScore,
  loadCorpus,
  prepareWith,
  scanContext,
} from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';

const FIELD = 'languageDetection.settings';
const corpus = loadCorpus('languageDetection');

async function prepare(settings: { allowedLanguages?: string[]; minWords?: number }) {
  return prepareWith(languageDetectionScanner, settings);
}

describe('languageDetection scanner', () => {
  it('meets its corpus targets', async () => {
    await expectCorpusScore(
      languageDetectionScanner,
      { precision: 0.98, recall: 0.95, falsePositiveRate: 0.02 },
      corpus,
    );
  });

  it('tells the language of 95% of sentences of 8 words or more, in 15 languages', async () => {
    const sentences = corpus.filter((c) => c.language && c.note === 'sentence of 8+ words');
    expect(new Set(sentences.map((c) => c.language)).size).toBeGreaterThanOrEqual(15);
    const wrong: string[] = [];
    for (const sentence of sentences) {
      const language = await detectLanguage(sentence.text);
      if (language !== sentence.language) {
        wrong.push(`${sentence.language} read as ${language}: ${sentence.text}`);
      }
    }
    expect(1 - wrong.length / sentences.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('has the defaults its schema documents, and is off by default', () => {
    expect(schemaDefaults(languageDetectionScanner)).toEqual(
      languageDetectionScanner.defaults.settings,
    );
    expect(languageDetectionScanner.defaults.enabled).toBe(false);
  });

  it('labels a refused language with its code, on the whole text', async () => {
    const detect = await prepare({ allowedLanguages: ['en', 'de'] });
    const detection = await detect(
      'Pouvez-vous préparer le compte rendu de la réunion de ce matin ?',
      scanContext(),
    );
    expect(detection).toEqual({
      score: 1,
      findings: [{ type: 'language', start: 0, end: 0, label: 'Language not allowed: fr' }],
    });
  });

  it('counts words in scripts written without spaces', async () => {
    const detect = await prepare({ allowedLanguages: ['en'], minWords: 4 });
    expect((await detect('会議のメモを要約してください。', scanContext())).score).toBe(1);
    expect((await detect('ありがとう', scanContext())).score).toBe(0);
  });

  it('does not judge texts shorter than minWords', async () => {
    const text = 'Bitte fasse den Bericht kurz zusammen.';
    expect((await (await prepare({ minWords: 7 }))(text, scanContext())).score).toBe(0);
    expect((await (await prepare({ minWords: 6 }))(text, scanContext())).score).toBe(1);
  });

  it('rejects a code the detector does not know, naming the field and index', async () => {
    const attempt = prepare({ allowedLanguages: ['en', 'xx'] });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(
      `${FIELD}.allowedLanguages[1] "xx" is not a language the detector knows: am, ar,`,
    );
  });

  it('judges 10 kB quickly', async () => {
    const detect = await prepare({ allowedLanguages: ['en'] });
    const text = 'Wir müssen den Bericht bis Freitag fertigstellen und prüfen. '.repeat(170);
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) {
      await detect(text, scanContext());
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
