import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { Feedback } from '../store/chat-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';

export interface FeedbackInput {
  messageId: string;
  rating: number;
  comment?: string | undefined;
}

const MAX_COMMENT_CHARS = 4000;

/** Rates one of the user's answers, 1 (bad) to 5 (good); a later rating replaces it. */
export async function submitFeedback(
  { store, clock }: { store: Store; clock: Clock },
  userId: string,
  input: FeedbackInput,
): Promise<Feedback & { messageId: string }> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new ValidationError('rating must be a whole number from 1 (bad) to 5 (good)');
  }
  const comment = input.comment?.trim() || null;
  if (comment !== null && comment.length > MAX_COMMENT_CHARS) {
    throw new ValidationError(`comment must be at most ${MAX_COMMENT_CHARS} characters`);
  }
  const message = await store.messages.findOwned(input.messageId, userId);
  if (!message) {
    throw new NotFoundError(`No message with id "${input.messageId}"`);
  }
  if (message.role !== 'assistant') {
    throw new ValidationError('Feedback rates answers: give the messageId of an assistant message');
  }
  const feedback = { rating: input.rating, comment, at: clock.nowSeconds() };
  await store.messages.setFeedback(message.id, feedback);
  return { messageId: message.id, ...feedback };
}
