import { eld } from 'eld';

type Eld = typeof eld;

/**
 * The smallest eld database: ~50 MB resident against ~100 (small), ~200 (medium) and ~400
 * (large), and as accurate on this project's corpus; its few misses on short texts come out
 * unreliable, which the scanner leaves unjudged rather than judges wrong.
 */
const DATABASE = 'extrasmall';

export interface LanguageDetector {
  /** ISO 639-1 codes of the languages it can tell apart. */
  languages: ReadonlySet<string>;
  /** The language of a text (ISO 639-1), or null when the detector cannot tell reliably. */
  detect(text: string): string | null;
}

let detector: Promise<LanguageDetector> | undefined;

/** Loads the n-gram database (about a second) on first use, once per process. */
export function languageDetector(): Promise<LanguageDetector> {
  detector ??= load().catch((error: unknown) => {
    detector = undefined;
    throw error;
  });
  return detector;
}

async function load(): Promise<LanguageDetector> {
  // The package root is eld's dynamic entry, whose instances load a database when asked.
  const instance = eld.newInstance() as Eld & { load(name: string): Promise<unknown> };
  await instance.load(DATABASE);
  return {
    languages: new Set(Object.values(instance.info().Languages)),
    detect(text) {
      const result = instance.detect(text);
      return result.language !== '' && result.isReliable() ? result.language : null;
    },
  };
}

export async function detectLanguage(text: string): Promise<string | null> {
  return (await languageDetector()).detect(text);
}
