import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { Feedback } from '../store/chat-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import type { ActivitySignal } from '../activity/activity-signal.ts';
import { activityEvent } from '../activity/activity-events.ts';

export interface FeedbackInput {
  messageId: string;
  rating: number;
  comment?: string | undefined;
}

const MAX_COMMENT_CHARS = 4000;

/** Rates one of the user's answers, 1 (bad) to 5 (good); a later rating replaces it. */
export async function submitFeedback(
  deps: { store: Store; clock: Clock; activitySignal: ActivitySignal },
  userId: string,
  input: FeedbackInput,
  clientIp: string | null,
): Promise<Feedback & { messageId: string }> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new ValidationError('rating must be a whole number from 1 (bad) to 5 (good)');
  }
  const comment = input.comment?.trim() || null;
  if (comment !== null && comment.length > MAX_COMMENT_CHARS) {
    throw new ValidationError(`comment must be at most ${MAX_COMMENT_CHARS} characters`);
  }
  const { store, clock } = deps;
  const message = await store.messages.findOwned(input.messageId, userId);
  if (!message) {
    throw new NotFoundError(`No message with id "${input.messageId}"`);
  }
  if (message.role !== 'assistant') {
    throw new ValidationError('Feedback rates answers: give the messageId of an assistant message');
  }
  const feedback = { rating: input.rating, comment, at: clock.nowSeconds() };
  const agent = message.agentId ? await store.agents.findById(message.agentId) : undefined;
  const event = await activityEvent(
    'feedback',
    feedback.at,
    { userId, agent: agent ?? null, conversationId: message.conversationId, clientIp },
    { messageId: message.id, feedbackRating: feedback.rating, text: comment ?? '' },
  );
  await store.transaction(async (trx) => {
    await trx.messages.setFeedback(message.id, feedback);
    await trx.activity.rateAnswer(message.id, feedback.rating);
    await trx.activity.record([event]);
  });
  deps.activitySignal.notify();
  return { messageId: message.id, ...feedback };
}
