import { judgeScanner } from './llm-judge.ts';

export const aiToxicityScanner = judgeScanner({
  name: 'aiToxicity',
  description:
    'A scanner agent judges whether the text is toxic: insults, harassment, hate, threats, ' +
    'sexual content aimed at a person, encouragement of self-harm.',
  task:
    'Judge whether the text is toxic: insults, harassment, hate against people for who they ' +
    'are, threats, sexual content aimed at a person, or encouragement of self-harm. Mild ' +
    'swearing that hurts no one, and discussing or quoting toxicity to handle it (moderation, ' +
    'HR, research), score low.',
  categories: ['toxicity'],
  directions: ['prompt'],
  settings: {},
});
