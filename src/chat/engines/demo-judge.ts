/**
 * The demo engine's judging mode (an agent with engine `demo` and model `judge`): it answers an
 * AI scanner's request with the JSON verdict the scanner asks for, computed by a few fixed rules,
 * so that AI scanners can be tried and tested without a model. It is no classifier.
 *
 * The rules, each on the text to judge (the user message; only what lies between its
 * `<<<TEXT tag>>>` and `<<<END tag>>>` lines when it is framed so), case-insensitively:
 * - `injection`, 0.95: it contains "ignore previous instructions", "ignore all previous
 *   instructions" or "system prompt".
 * - `toxicity`, 0.9: it contains the word "idiot", "moron", "stupid" or "worthless".
 * - `bannedTopic`, 0.9: it contains a topic of the system prompt's `Banned topics: [...]` line.
 * - `offTopic`, 0.8: the system prompt has an `Allowed topics: [...]` line and the text contains
 *   none of them.
 * Only the rules of the categories in the system prompt's `Categories: [...]` line apply (all of
 * them without one). The score is the highest of the rules that match, 0 when none does.
 */
const INJECTION_PHRASES = [
  'ignore previous instructions',
  'ignore all previous instructions',
  'system prompt',
];
const TOXIC_WORDS = /\b(?:idiot|moron|stupid|worthless)\b/i;

interface Rule {
  category: string;
  score: number;
  matches(text: string, system: string): boolean;
}

const RULES: Rule[] = [
  {
    category: 'injection',
    score: 0.95,
    matches: (text) => INJECTION_PHRASES.some((phrase) => text.includes(phrase)),
  },
  { category: 'toxicity', score: 0.9, matches: (text) => TOXIC_WORDS.test(text) },
  {
    category: 'bannedTopic',
    score: 0.9,
    matches: (text, system) => topicsOf(system, 'Banned topics').some((t) => text.includes(t)),
  },
  {
    category: 'offTopic',
    score: 0.8,
    matches: (text, system) => {
      const allowed = topicsOf(system, 'Allowed topics');
      return allowed.length > 0 && !allowed.some((t) => text.includes(t));
    },
  },
];

/** The verdict on the last user message, as the JSON text a scanner agent answers. */
export function demoVerdict(system: string, userMessage: string): string {
  const text = textToJudge(userMessage).toLowerCase();
  const asked = listOf(system, 'Categories');
  const matched = RULES.filter(
    (rule) => (asked === undefined || asked.includes(rule.category)) && rule.matches(text, system),
  );
  const categories = matched.map((rule) => rule.category);
  return JSON.stringify({
    score: Math.max(0, ...matched.map((rule) => rule.score)),
    categories,
    reason: `Demo judge: ${categories.length > 0 ? `rules matched: ${categories.join(', ')}` : 'no rule matched'}`,
  });
}

function textToJudge(message: string): string {
  const lines = message.split('\n');
  const tag = /^<<<TEXT (\w+)>>>$/.exec(lines[0] ?? '')?.[1];
  return tag !== undefined && lines.length > 1 && lines.at(-1) === `<<<END ${tag}>>>`
    ? lines.slice(1, -1).join('\n')
    : message;
}

function topicsOf(system: string, name: string): string[] {
  return (listOf(system, name) ?? []).map((topic) => topic.toLowerCase()).filter(Boolean);
}

/** The strings of a `Name: ["…", …]` line of the system prompt; undefined: no such line. */
function listOf(system: string, name: string): string[] | undefined {
  const line = system.split('\n').find((candidate) => candidate.startsWith(`${name}: [`));
  if (line === undefined) {
    return undefined;
  }
  try {
    const list: unknown = JSON.parse(line.slice(name.length + 2));
    return Array.isArray(list)
      ? list.filter((item): item is string => typeof item === 'string')
      : undefined;
  } catch {
    return undefined;
  }
}
