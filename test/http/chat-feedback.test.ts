import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  post,
  type Caller,
  iso,
} from '../helpers/api-requests.ts';
import { ask, chatWorld, type AskResponse } from '../helpers/chat.ts';

// Spec §6 SubmitFeedback: a user rates one of their answers 1..5 with an optional comment; the
// rating shows on the message in GetConversation and a later one replaces it.

interface Feedback {
  rating: number;
  comment: string | null;
  at: string;
}

let t: TestApp;
let user: Caller;
let answer: AskResponse;

beforeEach(async () => {
  t = await createTestApp();
  const world = await chatWorld(t);
  user = world.user;
  answer = await ask(t, user.token, { agentid: world.agent.id, question: 'What is a risk?' });
  t.clock.advance(60);
});
afterEach(() => t.close());

function rate(query: string, token = user.token) {
  return post(t, token, `/api/Chat/SubmitFeedback?${query}`);
}

/** Each message's feedback in GetConversation, in message order. */
async function feedbackShown(): Promise<(Feedback | null)[]> {
  const response = await get(t, user.token, `/api/Chat/GetConversation/${answer.conversationId}`);
  expect(response.statusCode, response.body).toBe(200);
  const { messages } = response.json<{ messages: { feedback: Feedback | null }[] }>();
  return messages.map((m) => m.feedback);
}

describe('SubmitFeedback', () => {
  it('stores the rating and comment and shows them on the answer', async () => {
    const response = await rate(`messageId=${answer.messageId}&rating=4&comment=Clear%20enough`);
    expect(response.statusCode, response.body).toBe(200);
    const feedback = { rating: 4, comment: 'Clear enough', at: iso(t.clock.nowSeconds()) };
    expect(response.json()).toEqual({ messageId: answer.messageId, ...feedback });
    expect(await feedbackShown()).toEqual([null, feedback]);
  });

  it.each([1, 5])('accepts rating %i without a comment', async (rating) => {
    const response = await rate(`messageId=${answer.messageId}&rating=${rating}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(await feedbackShown()).toEqual([
      null,
      { rating, comment: null, at: iso(t.clock.nowSeconds()) },
    ]);
  });

  it('replaces an earlier rating, comment included', async () => {
    expect((await rate(`messageId=${answer.messageId}&rating=5&comment=Great`)).statusCode).toBe(
      200,
    );
    t.clock.advance(60);
    const response = await rate(`messageId=${answer.messageId}&rating=2`);
    expect(response.statusCode, response.body).toBe(200);
    expect(await feedbackShown()).toEqual([
      null,
      { rating: 2, comment: null, at: iso(t.clock.nowSeconds()) },
    ]);
  });

  it('answers a rating outside 1..5, not whole, or missing with 400 and keeps the earlier one', async () => {
    expect((await rate(`messageId=${answer.messageId}&rating=3`)).statusCode).toBe(200);
    const before = await feedbackShown();
    for (const query of [
      'rating=0',
      'rating=6',
      'rating=abc',
      'rating=2.5',
      'comment=Nice',
      `rating=3&comment=${'c'.repeat(4001)}`,
    ]) {
      expectProblem(await rate(`messageId=${answer.messageId}&${query}`), 400);
    }
    expect(await feedbackShown()).toEqual(before);
  });

  it('answers 400 for a question (a user message): only answers are rated', async () => {
    const response = await get(t, user.token, `/api/Chat/GetConversation/${answer.conversationId}`);
    const [question] = response.json<{ messages: { id: string; role: string }[] }>().messages;
    expect(question?.role).toBe('user');
    expectProblem(await rate(`messageId=${question?.id}&rating=5`), 400, /assistant/);
    expect(await feedbackShown()).toEqual([null, null]);
  });

  it("answers 404 for another user's answer and stores nothing", async () => {
    const other = await asUser(t);
    expectProblem(await rate(`messageId=${answer.messageId}&rating=1`, other.token), 404);
    expect(await feedbackShown()).toEqual([null, null]);
  });

  it('answers 404 for an unknown message', async () => {
    expectProblem(await rate('messageId=no-such-message&rating=3'), 404);
  });

  it('answers a generic token with 403 insufficient_scope', async () => {
    const response = await rate(`messageId=${answer.messageId}&rating=3`, await genericToken(t));
    expectInsufficientScope(response);
    expect(await feedbackShown()).toEqual([null, null]);
  });
});
