import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerToCheck, ChatCheck, PromptToCheck } from '../../src/chat/chat-checks.ts';
import { ForbiddenError, ValidationError } from '../../src/lib/errors.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { expectProblem, post, type Response } from '../helpers/api-requests.ts';
import { answerWith, ask, chatWorld, fakeLlamaAgent, openAiAgent } from '../helpers/chat.ts';
import { AGENT_KEY, storedState, useAppWithFakeProvider } from '../helpers/chat-fixtures.ts';
import { errorReply, silentReply } from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';
import { promptly } from '../helpers/fake-providers/engine-contract.ts';

// AskAgent turns that fail at the provider or are refused by a pipeline check, through the real
// app against a loopback fake provider: the user is told why, and the turn leaves no trace.

const chatApp = useAppWithFakeProvider();

describe('when the provider fails, nothing is stored', () => {
  /**
   * One good turn, then the failure twice: asked anew and in the existing conversation. Returns
   * the two failed responses after checking the user's conversations did not change.
   */
  async function failTwice(fail: () => void, app = chatApp().t): Promise<[Response, Response]> {
    const { fake } = chatApp();
    const { user, agent } = await chatWorld(app, openAiAgent(fake, { apiKey: AGENT_KEY }));
    answerWith(fake, ['Fine.']);
    const first = await ask(app, user.token, { agentid: agent.id, question: 'Hello?' });
    const before = await storedState(app, user.token);
    fail();
    const anew = await post(app, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'And now?',
    });
    const again = await post(app, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'And now?',
      conversationId: first.conversationId,
    });
    expect(fake.requests).toHaveLength(3);
    expect(await storedState(app, user.token)).toEqual(before);
    return [anew, again];
  }

  it('a refused key: 502 naming the engine, without the key the provider echoed', async () => {
    const { fake } = chatApp();
    const echo = `Incorrect API key provided: ${AGENT_KEY}.`;
    const responses = await failTwice(() => {
      fake.reply = errorReply(401, openAiWire.errorBody(401, echo));
    });
    for (const response of responses) {
      expectProblem(response, 502, /^The openai engine answered HTTP 401/);
      expect(response.body).not.toContain(AGENT_KEY);
      expect(response.body).toContain('[redacted]');
    }
  });

  it('a rate limit: 429 with the provider’s Retry-After', async () => {
    const { fake } = chatApp();
    const responses = await failTwice(() => {
      const body = openAiWire.errorBody(429, 'Rate limit reached, slow down.');
      fake.reply = errorReply(429, body, { 'retry-after': '7' });
    });
    for (const response of responses) {
      expectProblem(response, 429, /openai engine answered HTTP 429.*try again in 7 s/);
      expect(response.headers['retry-after']).toBe('7');
    }
  });

  it('a provider that never answers: 504 once the engine timeout (1 s) is up', async () => {
    const { t, fake, sameStoreApp } = chatApp();
    const impatient = await sameStoreApp({ config: { ...t.config, engineTimeoutSeconds: 1 } });
    const started = performance.now();
    const responses = await failTwice(() => {
      fake.reply = silentReply;
    }, impatient);
    // Two timed-out calls, one after the other, and a quick good turn before them.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(2000 + 3000);
    for (const response of responses) {
      expectProblem(response, 504, 'The openai engine did not answer within 1 s');
    }
    for (const index of [1, 2]) {
      await promptly((await fake.request(index)).abandoned, 'the provider call to be abandoned');
    }
  });
});

describe('pipeline checks', () => {
  const prompts: PromptToCheck[] = [];
  const answers: AnswerToCheck[] = [];
  const guard: ChatCheck = {
    name: 'test guard',
    async beforeModel(prompt) {
      prompts.push(prompt);
      if (prompt.question.includes('forbidden')) {
        throw new ValidationError('Questions about forbidden things are refused');
      }
    },
    async afterModel(answer) {
      answers.push(answer);
      if (answer.answer.includes('secret')) {
        throw new ForbiddenError('The answer gave a secret away');
      }
    },
  };
  let checked: TestApp;
  beforeEach(async () => {
    prompts.length = 0;
    answers.length = 0;
    checked = await chatApp().sameStoreApp({ chatChecks: [guard] });
  });

  it('see the question before the model and the answer after it', async () => {
    const { fake } = chatApp();
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['Risks ', 'are ', 'harms.']);
    const answer = await ask(checked, user.token, {
      agentid: agent.id,
      question: 'What is a risk?',
    });
    const seen = {
      userId: user.user.id,
      agent: expect.objectContaining({ id: agent.id }),
      conversationId: answer.conversationId,
      question: 'What is a risk?',
    };
    expect(prompts).toEqual([seen]);
    expect(answers).toEqual([{ ...seen, answer: 'Risks are harms.' }]);
  });

  it('a question refused before the model: 400, and the provider is never called', async () => {
    const { fake } = chatApp();
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['Fine.']);
    const response = await post(checked, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Tell me something forbidden',
    });
    expectProblem(response, 400, 'Questions about forbidden things are refused');
    expect(fake.requests).toHaveLength(0);
    expect(answers).toEqual([]);
    expect(await storedState(checked, user.token)).toEqual([]);
  });

  it('an answer refused after the model is neither returned nor stored', async () => {
    const { fake } = chatApp();
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['The secret ', 'is 42.']);
    const response = await post(checked, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Any secrets?',
    });
    expectProblem(response, 403, 'The answer gave a secret away');
    expect(response.body).not.toContain('is 42');
    expect(fake.requests).toHaveLength(1);
    expect(answers.map((a) => a.answer)).toEqual(['The secret is 42.']);
    expect(await storedState(checked, user.token)).toEqual([]);
  });
});
