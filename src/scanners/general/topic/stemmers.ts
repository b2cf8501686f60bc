/** The languages @orama/stemmers stems, each loaded on first use, at most once per process. */
const LOADERS = {
  arabic: () => import('@orama/stemmers/arabic'),
  armenian: () => import('@orama/stemmers/armenian'),
  bulgarian: () => import('@orama/stemmers/bulgarian'),
  danish: () => import('@orama/stemmers/danish'),
  dutch: () => import('@orama/stemmers/dutch'),
  english: () => import('@orama/stemmers/english'),
  finnish: () => import('@orama/stemmers/finnish'),
  french: () => import('@orama/stemmers/french'),
  german: () => import('@orama/stemmers/german'),
  greek: () => import('@orama/stemmers/greek'),
  hungarian: () => import('@orama/stemmers/hungarian'),
  indonesian: () => import('@orama/stemmers/indonesian'),
  irish: () => import('@orama/stemmers/irish'),
  italian: () => import('@orama/stemmers/italian'),
  lithuanian: () => import('@orama/stemmers/lithuanian'),
  nepali: () => import('@orama/stemmers/nepali'),
  norwegian: () => import('@orama/stemmers/norwegian'),
  portuguese: () => import('@orama/stemmers/portuguese'),
  romanian: () => import('@orama/stemmers/romanian'),
  russian: () => import('@orama/stemmers/russian'),
  serbian: () => import('@orama/stemmers/serbian'),
  spanish: () => import('@orama/stemmers/spanish'),
  swedish: () => import('@orama/stemmers/swedish'),
  tamil: () => import('@orama/stemmers/tamil'),
  turkish: () => import('@orama/stemmers/turkish'),
  ukrainian: () => import('@orama/stemmers/ukrainian'),
} as const;

export type StemmerLanguage = keyof typeof LOADERS;
export const STEMMER_LANGUAGES = Object.keys(LOADERS) as StemmerLanguage[];
export type Stemmer = (word: string) => string;

const loaded = new Map<StemmerLanguage, Promise<Stemmer>>();

export function loadStemmer(language: StemmerLanguage): Promise<Stemmer> {
  let stemmer = loaded.get(language);
  if (!stemmer) {
    stemmer = LOADERS[language]().then((module) => module.stemmer);
    loaded.set(language, stemmer);
  }
  return stemmer;
}
