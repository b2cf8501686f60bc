import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import type { Detection, Scanner } from '../scanner.ts';
import { languageDetector } from './language-detection/detect-language.ts';

export { detectLanguage } from './language-detection/detect-language.ts';

const Settings = Type.Object({
  allowedLanguages: Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$', maxLength: 2 }), {
    default: ['en'],
    maxItems: 60,
    description:
      'ISO 639-1 codes of the languages prompts may be written in, such as en, fr, de; ' +
      'empty allows every language.',
  }),
  minWords: Type.Integer({
    default: 4,
    minimum: 1,
    maximum: 100,
    description: 'Texts of fewer words are not judged: too short to tell their language.',
  }),
});
type Settings = Static<typeof Settings>;

const PASS: Detection = { score: 0, findings: [] };

// Word-like segments, so that Chinese and Japanese, written without spaces, have words too.
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

function hasWords(text: string, count: number): boolean {
  let seen = 0;
  for (const segment of words.segment(text)) {
    seen += segment.isWordLike ? 1 : 0;
    if (seen >= count) {
      return true;
    }
  }
  return false;
}

export const languageDetectionScanner: Scanner<Settings> = {
  name: 'languageDetection',
  kind: 'general',
  description: 'Refuses prompts written in a language the company does not allow.',
  settingsSchema: Settings,
  defaults: {
    enabled: false,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt'],
    timeoutMs: 1000,
    settings: { allowedLanguages: ['en'], minWords: 4 },
  },
  actions: ['flag', 'block'],
  async prepare(settings, field) {
    const detector = await languageDetector();
    const allowed = new Set(
      settings.allowedLanguages.map((input, index) => {
        const code = input.toLowerCase();
        if (!detector.languages.has(code)) {
          throw new ValidationError(
            `${field}.allowedLanguages[${index}] "${input}" is not a language the detector ` +
              `knows: ${[...detector.languages].join(', ')}`,
          );
        }
        return code;
      }),
    );
    return (text) => {
      if (allowed.size === 0 || !hasWords(text, settings.minWords)) {
        return PASS;
      }
      const language = detector.detect(text);
      if (language === null || allowed.has(language)) {
        return PASS;
      }
      const label = `Language not allowed: ${language}`;
      return { score: 1, findings: [{ type: 'language', start: 0, end: 0, label }] };
    };
  },
};
