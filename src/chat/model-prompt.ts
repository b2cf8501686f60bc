import type { EngineMessage } from './engines/engine.ts';
import type { FileRecord, MessageRecord } from '../store/chat-store.ts';
import { relevantText } from '../files/relevant-chunks.ts';

export interface PromptParts {
  systemPrompt: string;
  /** The conversation so far, oldest first, already cut to what the agent may send. */
  history: readonly MessageRecord[];
  files: readonly FileRecord[];
  question: string;
  /** Characters of file text the model may get in all. */
  fileContextChars: number;
}

/**
 * What the model receives: one system message (the agent's prompt, then the files' most
 * relevant text), the history, the question. Nothing else, so Max Messages is exact.
 */
export function modelMessages(parts: PromptParts): EngineMessage[] {
  const system = [parts.systemPrompt, filesContext(parts)].filter(Boolean).join('\n\n');
  return [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    ...parts.history.map(({ role, content }) => ({ role, content })),
    { role: 'user', content: parts.question },
  ];
}

function filesContext({ files, question, fileContextChars }: PromptParts): string {
  if (files.length === 0) {
    return '';
  }
  const budget = Math.floor(fileContextChars / files.length);
  const sections = files.map(
    (file) => `--- File: ${file.name} ---\n${relevantText(file.text, question, budget)}`,
  );
  return [
    'These files come with the conversation; use them when they help to answer.',
    ...sections,
  ].join('\n\n');
}
