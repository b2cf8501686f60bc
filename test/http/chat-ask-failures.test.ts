import { describe, expect, it } from 'vitest';
import { expectProblem, post, type Response } from '../helpers/api-requests.ts';
import { answerWith, ask, chatWorld, openAiAgent } from '../helpers/chat.ts';
import { AGENT_KEY, storedState, useAppWithFakeProvider } from '../helpers/chat-fixtures.ts';
import { errorReply, silentReply } from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';
import { promptly } from '../helpers/fake-providers/engine-contract.ts';

// AskAgent turns that fail at the provider, through the real app against a loopback fake
// provider: the user is told why, and the turn leaves no trace. (Turns the scanners refuse:
// scanners-chat.test.ts.)

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
