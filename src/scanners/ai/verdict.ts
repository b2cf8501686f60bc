import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** What a scanner agent must answer: the instructions of llm-judge.ts ask for exactly this. */
const VERDICT = Type.Object({
  score: Type.Number({ minimum: 0, maximum: 1 }),
  categories: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  reason: Type.Optional(Type.String()),
});

export type Verdict = Static<typeof VERDICT>;

/**
 * The verdict in a judge's answer: the first JSON object in it (models like to wrap it in a code
 * fence or a line of prose), checked field by field. Anything else throws, so that the scanner
 * fails and its onError policy decides, rather than a garbled answer passing for "clean".
 */
export function parseVerdict(answer: string): Verdict {
  const start = answer.indexOf('{');
  const end = start < 0 ? -1 : closingBrace(answer, start);
  let value: unknown;
  try {
    value = end < 0 ? undefined : JSON.parse(answer.slice(start, end + 1));
  } catch {
    value = undefined;
  }
  if (!Value.Check(VERDICT, value)) {
    throw new Error('judge answered something that is not the JSON verdict');
  }
  return value;
}

/** The index of the brace closing the object opened at `start`, braces in strings aside; -1: none. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') {
        index++;
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
    } else if (char === '{') {
      depth++;
    } else if (char === '}' && --depth === 0) {
      return index;
    }
  }
  return -1;
}
