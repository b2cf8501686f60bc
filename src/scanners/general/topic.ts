import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import type { Finding, Scanner } from '../scanner.ts';
import {
  forEachWord,
  indexPhrases,
  matchingStems,
  PhraseScanner,
  stemsOf,
  type IndexedPhrase,
} from './topic/phrase-index.ts';
import { loadStemmer, STEMMER_LANGUAGES, type Stemmer } from './topic/stemmers.ts';

const MAX_TOPICS = 100;
const MAX_PHRASES = 100;
const MAX_CHARS = 100;
const MAX_FINDINGS = 50;

const TopicList = (description: string) =>
  Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: MAX_CHARS, description: 'Shown in findings' }),
      phrases: Type.Array(Type.String({ minLength: 1, maxLength: MAX_CHARS }), {
        minItems: 1,
        maxItems: MAX_PHRASES,
        description: 'Words or phrases that mean the topic',
      }),
    }),
    { default: [], maxItems: MAX_TOPICS, description },
  );

const TopicSettings = Type.Object({
  bannedTopics: TopicList(
    'Topics that may not be discussed. A phrase matches whole words in order, ignoring case, accents and word endings ("stock tips" matches "Stock Tip").',
  ),
  allowedTopics: TopicList(
    'When not empty, the only topics allowed: a text that matches none of them is off topic.',
  ),
  language: Type.Enum(STEMMER_LANGUAGES, {
    default: 'english',
    description: 'The language whose word endings are ignored (stemming) in texts and phrases.',
  }),
});
export type TopicSettings = Static<typeof TopicSettings>;
type Topics = TopicSettings['bannedTopics'];

function phrasesOf(topics: Topics, stem: Stemmer, field: string): IndexedPhrase[] {
  return topics.flatMap((topic, topicIndex) =>
    topic.phrases.map((phrase, phraseIndex) => {
      const stems = stemsOf(phrase, stem);
      if (stems.length === 0) {
        throw new ValidationError(
          `${field}[${topicIndex}].phrases[${phraseIndex}] has no words to match`,
        );
      }
      return { stems, topic: topicIndex };
    }),
  );
}

export const topicScanner: Scanner<TopicSettings> = {
  name: 'topic',
  kind: 'general',
  description: 'Banned topics, and texts outside the allowed topics, by stemmed phrase lists',
  settingsSchema: TopicSettings,
  defaults: {
    enabled: false,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt'],
    timeoutMs: 1000,
    settings: { bannedTopics: [], allowedTopics: [], language: 'english' },
  },
  actions: ['flag', 'block'],
  async prepare(settings, field) {
    const stem = matchingStems(await loadStemmer(settings.language));
    const { bannedTopics, allowedTopics } = settings;
    const banned = indexPhrases(phrasesOf(bannedTopics, stem, `${field}.bannedTopics`));
    const allowed = indexPhrases(phrasesOf(allowedTopics, stem, `${field}.allowedTopics`));
    return (text) => {
      if (bannedTopics.length === 0 && allowedTopics.length === 0) {
        return { score: 0, findings: [] };
      }
      const bannedScan = new PhraseScanner(banned);
      const allowedScan = new PhraseScanner(allowed);
      forEachWord(text, stem, (word, start, end) => {
        bannedScan.push(word, start, end);
        allowedScan.push(word, start, end);
      });
      const findings: Finding[] = bannedScan
        .finish()
        .slice(0, MAX_FINDINGS)
        .map((match) => ({
          type: 'bannedTopic',
          start: match.start,
          end: match.end,
          label: `Banned topic: ${bannedTopics[match.topic]?.name ?? ''}`,
        }));
      if (allowedTopics.length > 0 && allowedScan.finish().length === 0) {
        findings.push({
          type: 'offTopic',
          start: 0,
          end: 0,
          label: 'Off topic: none of the allowed topics',
        });
      }
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
};
