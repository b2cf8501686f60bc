import type { AgentRecord } from '../store/chat-store.ts';

/** What a check sees of a question, before it goes to the model. */
export interface PromptToCheck {
  userId: string;
  agent: AgentRecord;
  conversationId: string;
  question: string;
}

/**
 * …and of the answer, after the model and before it is stored. A streamed answer has reached
 * the client piece by piece by then: a refusal ends the stream with an error event instead of
 * `done`, and stores nothing.
 */
export interface AnswerToCheck extends PromptToCheck {
  answer: string;
}

/**
 * A check on the ask/chat pipeline (the AIRisk scanners plug in here). To refuse, a check
 * throws a domain error, which the API reports; a refused turn is not stored.
 */
export interface ChatCheck {
  readonly name: string;
  beforeModel?(prompt: PromptToCheck): Promise<void>;
  afterModel?(answer: AnswerToCheck): Promise<void>;
}

export async function checkPrompt(
  checks: readonly ChatCheck[],
  prompt: PromptToCheck,
): Promise<void> {
  for (const check of checks) {
    await check.beforeModel?.(prompt);
  }
}

export async function checkAnswer(
  checks: readonly ChatCheck[],
  answer: AnswerToCheck,
): Promise<void> {
  for (const check of checks) {
    await check.afterModel?.(answer);
  }
}
