import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import type { Finding, Scanner } from '../scanner.ts';
import { foldText, originalSpan } from './folded-text.ts';
import {
  CATEGORY_LABELS,
  CATEGORY_WEIGHTS,
  TOXICITY_CATEGORIES,
  type ToxicityCategory,
} from './toxicity/categories.ts';
import { buildWordMatcher } from './toxicity/obscenity-words.ts';
import { TOXIC_PHRASES } from './toxicity/phrases.ts';

const MAX_WORDS = 200;
const MAX_WORD_CHARS = 100;
const WordList = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: MAX_WORD_CHARS }), {
    default: [],
    maxItems: MAX_WORDS,
    description,
  });

const ToxicitySettings = Type.Object({
  categories: Type.Array(Type.Enum(TOXICITY_CATEGORIES), {
    default: [...TOXICITY_CATEGORIES],
    maxItems: TOXICITY_CATEGORIES.length,
    uniqueItems: true,
    description:
      'The categories looked for: profanity, insult (abuse aimed at someone), threat (of violence), hate (slurs, calls to harm a group), sexual (explicit language).',
  }),
  blockedWords: WordList(
    'Further words or phrases to block, matched whole, ignoring case, accents and leetspeak; each scores 1 (finding type blockedWord).',
  ),
  allowedWords: WordList(
    'Words never counted as toxic, for false positives in your trade (e.g. "dick" for a company named Dick, "bastard" for a file type).',
  ),
});
export type ToxicitySettings = Static<typeof ToxicitySettings>;

// Plain swearing adds up, but never reaches a threat's certainty on its own.
const MAX_PROFANITY_SCORE = 0.9;
const MAX_FINDINGS = 50;
const NEGATED = /\b(?:don't|do not|never|not|wouldn't|won't)[ ,]*$/;

type FoundType = ToxicityCategory | 'blockedWord';

function foldWord(word: string): string {
  return foldText(word, true).text.trim();
}

function wholeWords(words: readonly string[]): RegExp | null {
  if (words.length === 0) {
    return null;
  }
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

function checkWords(words: readonly string[], field: string): string[] {
  return words.map((word, index) => {
    const folded = foldWord(word);
    if (folded === '') {
      throw new ValidationError(`${field}[${index}] has no letters or digits to match`);
    }
    return folded;
  });
}

/** Findings of a more severe category absorb the plain swear words inside them ("fuck you"). */
function absorbOverlaps(findings: Finding[]): Finding[] {
  const severe = findings.filter((finding) => finding.type !== 'profanity');
  return findings.filter(
    (finding) =>
      finding.type !== 'profanity' ||
      !severe.some((other) => other.start < finding.end && finding.start < other.end),
  );
}

function scoreFindings(findings: Finding[]): number {
  let strongest = 0;
  let profanity = 0;
  for (const finding of findings) {
    if (finding.type === 'profanity') {
      profanity += CATEGORY_WEIGHTS.profanity;
    } else {
      const weight =
        finding.type === 'blockedWord' ? 1 : CATEGORY_WEIGHTS[finding.type as ToxicityCategory];
      strongest = Math.max(strongest, weight);
    }
  }
  return Math.min(1, strongest + Math.min(profanity, MAX_PROFANITY_SCORE));
}

export const toxicityScanner: Scanner<ToxicitySettings> = {
  name: 'toxicity',
  kind: 'general',
  description:
    'Toxic language: profanity (with obfuscations), insults, threats, hate and sexual content, in English with common French, German and Spanish abuse',
  settingsSchema: ToxicitySettings,
  defaults: {
    enabled: true,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt', 'title'],
    timeoutMs: 1000,
    settings: { categories: [...TOXICITY_CATEGORIES], blockedWords: [], allowedWords: [] },
  },
  actions: ['flag', 'redact', 'block'],
  prepare(settings, field) {
    const enabled = new Set<ToxicityCategory>(settings.categories);
    const allowed = new Set(checkWords(settings.allowedWords, `${field}.allowedWords`));
    const blocked = wholeWords(checkWords(settings.blockedWords, `${field}.blockedWords`));
    const matchWords = buildWordMatcher(allowed);
    const phrases = TOXIC_PHRASES.filter((phrase) => enabled.has(phrase.category));
    const isAllowed = (matched: string): boolean =>
      allowed.has(matched) || matched.split(' ').some((word) => allowed.has(word));

    return (text) => {
      const folded = foldText(text, true);
      const findings: Finding[] = [];
      const add = (type: FoundType, start: number, end: number): void => {
        const duplicate = findings.some((found) => found.start === start && found.end === end);
        if (!duplicate && findings.length < MAX_FINDINGS) {
          findings.push({ type, start, end, label: CATEGORY_LABELS[type] });
        }
      };
      for (const match of matchWords(text)) {
        if (enabled.has(match.category)) {
          add(match.category, match.start, match.end);
        }
      }
      for (const { category, pattern } of phrases) {
        for (const match of folded.text.matchAll(pattern)) {
          const before = folded.text.slice(Math.max(0, match.index - 12), match.index);
          if (!NEGATED.test(before) && !isAllowed(match[0])) {
            add(category, ...originalSpan(folded, match.index, match.index + match[0].length));
          }
        }
      }
      for (const match of blocked ? folded.text.matchAll(blocked) : []) {
        add('blockedWord', ...originalSpan(folded, match.index, match.index + match[0].length));
      }
      const kept = absorbOverlaps(findings).sort((a, b) => a.start - b.start);
      return { score: scoreFindings(kept), findings: kept };
    };
  },
};
