import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import { judgeScanner, type JudgeSettings } from './llm-judge.ts';

const MAX_TOPICS = 50;
const MAX_TOPIC_CHARS = 200;

const topicList = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: MAX_TOPIC_CHARS }), {
    maxItems: MAX_TOPICS,
    default: [],
    description,
  });

const TOPIC_SETTINGS = Type.Object({
  bannedTopics: topicList('Topics the text must not be about, in plain words ("elections").'),
  allowedTopics: topicList(
    'When not empty, the only topics the text may be about ("travel policy", "expenses").',
  ),
});

type TopicSettings = JudgeSettings & Static<typeof TOPIC_SETTINGS>;

export const aiTopicScanner = judgeScanner<TopicSettings>({
  name: 'aiTopic',
  description:
    'A scanner agent judges whether the text is about a banned topic, or strays from the ' +
    'allowed ones.',
  task:
    'Judge whether the text is about one of the banned topics listed below, or, when allowed ' +
    'topics are listed, about something outside all of them. Name the category bannedTopic ' +
    'for a banned topic and offTopic for a text outside the allowed topics. A passing mention ' +
    'is not being about a topic; greetings and questions about using the assistant are on topic.',
  categories: ['bannedTopic', 'offTopic'],
  directions: ['prompt'],
  settings: TOPIC_SETTINGS.properties,
  criteria({ bannedTopics, allowedTopics }, field) {
    const banned = topicsOf(bannedTopics, `${field}.bannedTopics`);
    const allowed = topicsOf(allowedTopics, `${field}.allowedTopics`);
    const both = banned.find((topic) => allowed.includes(topic));
    if (both !== undefined) {
      throw new ValidationError(`${field}.allowedTopics: "${both}" is banned too`);
    }
    // One JSON list per line: the agent reads them as lists, whatever characters a topic holds.
    return [
      ...(banned.length > 0 ? [`Banned topics: ${JSON.stringify(banned)}`] : []),
      ...(allowed.length > 0 ? [`Allowed topics: ${JSON.stringify(allowed)}`] : []),
    ];
  },
  missingCriteria: 'list bannedTopics or allowedTopics, or write instructions',
});

function topicsOf(topics: string[], field: string): string[] {
  return topics.map((topic, index) => {
    const trimmed = topic.trim();
    if (trimmed === '') {
      throw new ValidationError(`${field}[${index}] is blank`);
    }
    return trimmed;
  });
}
