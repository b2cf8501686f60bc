import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, get, post, type Caller } from '../helpers/api-requests.ts';
import {
  anAgent,
  answerWith,
  assign,
  fakeLlamaAgent,
  getConversation,
  parseEvents,
  text,
  toConversation,
  upload,
  userWithAgent,
  createConversation,
} from '../helpers/chat.ts';
import { storedState } from '../helpers/chat-fixtures.ts';
import { scannerFindings } from '../helpers/recorded-activity.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import {
  expectBlocked,
  sentToModel,
  setAgentScanners,
  setDefaults,
  TEXTS,
} from '../helpers/scanners.ts';

// The scanners on the chat pipeline, end to end through the real app and a loopback provider:
// what the provider receives, what the user sees, what is stored and what is recorded.

let t: TestApp;
let fake: FakeProvider;
let admin: Caller;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeProvider();
  admin = await asUser(t, ['CompanyAdmin']);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** A fresh user with a fresh fake-provider agent, optionally with its own scanner policy. */
async function world(scanners?: unknown) {
  const { user, agent } = await userWithAgent(t, admin.token, fakeLlamaAgent(fake));
  if (scanners !== undefined) {
    await setAgentScanners(t, admin.token, agent.id, scanners);
  }
  return { user, agent };
}

const askAgent = (token: string, body: Record<string, unknown>) =>
  post(t, token, '/api/Chat/AskAgent', body);

const events = (userId: string) => scannerFindings(t, userId);

describe('a blocked prompt', () => {
  it('never reaches the provider, is 422 naming scanners and findings, and is recorded redacted', async () => {
    const { user, agent } = await world();
    answerWith(fake, ['Sure.']);
    const before = fake.requests.length;
    const question = `Deploy with ${TEXTS.githubToken}. ${TEXTS.injection}`;
    const response = await askAgent(user.token, { agentid: agent.id, question });
    const body = expectBlocked(response, ['secrets'], [TEXTS.githubToken]);
    expect(body.findingTypes).toContain('apiKey');
    expect(body.findings.length).toBeGreaterThan(0);
    expect(body.findings.every((label) => !label.includes(TEXTS.githubToken))).toBe(true);
    expect(body.detail).toMatch(/nothing was sent to the agent/);
    expect(fake.requests).toHaveLength(before);
    expect(await storedState(t, user.token)).toEqual([]);
    const [event] = await events(user.user.id);
    expect(event).toMatchObject({
      agentId: agent.id,
      direction: 'prompt',
      verdict: 'block',
      scanners: ['secrets'],
      findingTypes: expect.arrayContaining(['apiKey']),
    });
    expect(event?.redactedText).not.toContain(TEXTS.githubToken);
    expect(event?.redactedText).toContain('[API_KEY_1]');
  });

  it('an injection is blocked by default too', async () => {
    const { user, agent } = await world();
    const response = await askAgent(user.token, { agentid: agent.id, question: TEXTS.injection });
    expectBlocked(response, ['promptInjection']);
  });
});

describe('a redacted prompt', () => {
  it('reaches the provider with placeholders; the user sees the originals', async () => {
    const { user, agent } = await world();
    answerWith(fake, ['I will email ', '[EMAIL', '_1] about the audit.']);
    const question = `Please email ${TEXTS.email} about the audit`;
    const answer = (await askAgent(user.token, { agentid: agent.id, question })).json<{
      answer: string;
      conversationId: string;
      scans: { prompt: { scanner: string; verdict: string }[] };
    }>();
    expect(sentToModel(fake).join('\n')).toContain('Please email [EMAIL_1] about the audit');
    expect(sentToModel(fake).join('\n')).not.toContain(TEXTS.email);
    expect(answer.answer).toBe(`I will email ${TEXTS.email} about the audit.`);
    expect(answer.scans.prompt).toContainEqual(
      expect.objectContaining({ scanner: 'personalInformation', verdict: 'redact' }),
    );
    // The store keeps what the model saw: the question, the title and the answer redacted.
    const detail = await getConversation(t, user.token, answer.conversationId);
    expect(detail.title).toBe('Please email [EMAIL_1] about the audit');
    expect(detail.messages.map((m) => m.content)).toEqual([
      'Please email [EMAIL_1] about the audit',
      'I will email [EMAIL_1] about the audit.',
    ]);
    const [questionScans] = detail.messages.map((m) => m.scans);
    expect(questionScans).toContainEqual(
      expect.objectContaining({
        scanner: 'personalInformation',
        verdict: 'redact',
        findings: [expect.objectContaining({ type: 'email', start: 13, end: 34 })],
      }),
    );
    expect(JSON.stringify(detail)).not.toContain(TEXTS.email);
    expect(await events(user.user.id)).toMatchObject([{ verdict: 'redact', direction: 'prompt' }]);
  });

  it('the next turn numbers new placeholders after the earlier ones', async () => {
    const { user, agent } = await world();
    answerWith(fake, ['Noted.']);
    const first = (
      await askAgent(user.token, { agentid: agent.id, question: `Mail ${TEXTS.email}` })
    ).json<{ conversationId: string }>();
    answerWith(fake, ['Both: [EMAIL_1] and [EMAIL_2].']);
    const second = (
      await askAgent(user.token, {
        agentid: agent.id,
        conversationId: first.conversationId,
        question: 'And bob@example.net?',
      })
    ).json<{ answer: string }>();
    expect(sentToModel(fake).at(-1)).toBe('And [EMAIL_2]?');
    // Only this turn's placeholder is restored; the earlier one stays as stored.
    expect(second.answer).toBe('Both: [EMAIL_1] and bob@example.net.');
  });
});

describe('streamed answers (ChatWithAgent, SSE)', () => {
  async function stream(token: string, conversationId: string, message: string) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      payload: { conversationId, message },
    });
    return parseEvents(response.body);
  }

  it('deltas come restored; an answer that leaks a secret ends in an error and is not stored', async () => {
    // Answers are scanned where a policy says so: here, for secrets.
    const { user, agent } = await world({ secrets: { directions: ['prompt', 'answer'] } });
    const conversationId = await createConversation(t, user.token, agent.id);
    answerWith(fake, ['Writing to [EM', 'AIL_1] now. ', 'Done.']);
    const good = await stream(user.token, conversationId, `Write to ${TEXTS.email}`);
    const deltas = good
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text);
    expect(deltas.join('')).toBe(`Writing to ${TEXTS.email} now. Done.`);
    expect(good.at(-1)).toMatchObject({
      event: 'done',
      data: { scans: { answer: expect.any(Array), prompt: expect.any(Array) } },
    });

    // A sentence that passes goes out before the model has finished; the secret never does.
    answerWith(fake, ['Here is the deploy key. ', 'It is ', TEXTS.githubToken, ' keep it.']);
    const leaked = await stream(user.token, conversationId, 'What is the deploy key?');
    const sent = leaked
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text);
    expect(sent.join('')).not.toContain(TEXTS.githubToken);
    expect(leaked.at(-1)).toMatchObject({
      event: 'error',
      data: { status: 422, scanners: ['secrets'] },
    });
    const detail = await getConversation(t, user.token, conversationId);
    expect(detail.messages).toHaveLength(2);
    expect(await events(user.user.id)).toContainEqual(
      expect.objectContaining({ direction: 'answer', verdict: 'block' }),
    );
  });
});

describe('policies', () => {
  it('flag: answered as usual, and recorded', async () => {
    const { user, agent } = await world({ promptInjection: { action: 'flag' } });
    answerWith(fake, ['No.']);
    const response = await askAgent(user.token, { agentid: agent.id, question: TEXTS.injection });
    expect(response.statusCode, response.body).toBe(200);
    expect(sentToModel(fake).at(-1)).toBe(TEXTS.injection);
    expect(await events(user.user.id)).toMatchObject([
      { verdict: 'flag', scanners: ['promptInjection'] },
    ]);
  });

  describe('a scanner that fails follows its onError', () => {
    // The AI scanner's agent points at a port nothing listens on: every judgement fails.
    async function withFailingJudge(onError: 'allow' | 'block') {
      const judge = await anAgent(t, admin.token, {
        engine: 'llama',
        model: 'judge',
        endpoint: 'http://127.0.0.1:1/v1',
      });
      return world({
        aiPromptInjection: { enabled: true, onError, settings: { agentId: judge.id } },
      });
    }

    it('allow: the question is answered, the result says the scanner failed', async () => {
      const { user, agent } = await withFailingJudge('allow');
      answerWith(fake, ['Fine.']);
      const response = await askAgent(user.token, { agentid: agent.id, question: 'Hello there' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ scans: { prompt: unknown[] } }>().scans.prompt).toContainEqual(
        expect.objectContaining({ scanner: 'aiPromptInjection', verdict: 'pass', error: 'failed' }),
      );
    });

    it('block: the question is refused, saying the scanner could not check it', async () => {
      const { user, agent } = await withFailingJudge('block');
      const response = await askAgent(user.token, { agentid: agent.id, question: 'Hello there' });
      const body = expectBlocked(response, ['aiPromptInjection']);
      expect(body.detail).toMatch(/aiPromptInjection could not check it \(failed\)/);
    });
  });

  it("an agent's override wins over the company default", async () => {
    const own = await createTestApp();
    try {
      const boss = await asUser(own, ['CompanyAdmin']);
      const user = await asUser(own);
      const strict = await anAgent(own, boss.token);
      const relaxed = await anAgent(own, boss.token);
      for (const agent of [strict, relaxed]) {
        await assign(own, boss.token, agent.id, { userid: user.user.id });
      }
      await setDefaults(own, boss.token, { personalInformation: { action: 'block' } });
      await setAgentScanners(own, boss.token, relaxed.id, {
        personalInformation: { enabled: false },
      });
      const question = `My SSN is ${TEXTS.ssn}`;
      const blocked = await post(own, user.token, '/api/Chat/AskAgent', {
        agentid: strict.id,
        question,
      });
      expectBlocked(blocked, ['personalInformation'], [TEXTS.ssn]);
      const answered = await post(own, user.token, '/api/Chat/AskAgent', {
        agentid: relaxed.id,
        question,
      });
      expect(answered.statusCode, answered.body).toBe(200);
      // The demo engine says what it received: the SSN went through unredacted.
      expect(answered.json<{ answer: string }>().answer).toContain(TEXTS.ssn);
    } finally {
      await own.close();
    }
  });
});

describe('geographic gating', () => {
  // 85.214.132.117 is in Germany in the shipped database.
  const GERMAN_IP = '85.214.132.117';
  const gating = { geoGating: { enabled: true, settings: { denyCountries: ['DE'] } } };

  async function askFrom(app: TestApp, forwardedFor: string) {
    const boss = await asUser(app, ['CompanyAdmin']);
    const user = await asUser(app);
    const agent = await anAgent(app, boss.token);
    await assign(app, boss.token, agent.id, { userid: user.user.id });
    await setAgentScanners(app, boss.token, agent.id, gating);
    return app.app.inject({
      method: 'POST',
      url: '/api/Chat/AskAgent',
      headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': forwardedFor },
      payload: { agentid: agent.id, question: 'Hello' },
    });
  }

  it('without trusted proxies, X-Forwarded-For is not believed', async () => {
    const response = await askFrom(t, GERMAN_IP);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('behind a trusted proxy, the forwarded address is gated', async () => {
    const proxied = await createTestApp({ AIRISK_TRUSTED_PROXIES: '127.0.0.1' });
    try {
      expectBlocked(await askFrom(proxied, GERMAN_IP), ['geoGating']);
      expect((await askFrom(proxied, '8.8.8.8')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('uploads', () => {
  it('a file with a secret is refused and not stored; one with an email is stored redacted', async () => {
    const { user, agent } = await world();
    const conversationId = await createConversation(t, user.token, agent.id);
    const refused = await upload(t, user.token, toConversation(conversationId), [
      text('deploy.txt', `token: ${TEXTS.githubToken}`),
    ]);
    const body = expectBlocked(refused, ['secrets'], [TEXTS.githubToken]);
    expect(body.detail).toMatch(/^The file deploy\.txt was blocked/);
    const stored = await upload(t, user.token, toConversation(conversationId), [
      text('contacts.txt', `Auditor: ${TEXTS.email}`),
    ]);
    expect(stored.statusCode, stored.body).toBe(201);
    answerWith(fake, ['Ok.']);
    await askAgent(user.token, { agentid: agent.id, conversationId, question: 'Who audits?' });
    const sent = sentToModel(fake).join('\n');
    expect(sent).toContain('Auditor: [EMAIL_1]');
    expect(sent).not.toContain(TEXTS.email);
    expect((await getConversation(t, user.token, conversationId)).files).toHaveLength(1);
  });

  it("an agent's allowed file types narrow what it accepts", async () => {
    const { user, agent } = await world({
      allowedFileTypes: { settings: { mediaTypes: ['application/pdf'] } },
    });
    const conversationId = await createConversation(t, user.token, agent.id);
    const response = await upload(t, user.token, toConversation(conversationId), [
      text('notes.txt', 'plain notes'),
    ]);
    expectBlocked(response, ['allowedFileTypes']);
  });
});

describe('titles and metadata', () => {
  it('are scanned: a secret in a title is refused, an email is stored redacted', async () => {
    const { user, agent } = await world();
    const refused = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentId: agent.id,
      title: `Key ${TEXTS.githubToken}`,
    });
    expectBlocked(refused, ['secrets'], [TEXTS.githubToken]);
    const created = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentId: agent.id,
      title: `Thread with ${TEXTS.email}`,
      metadata: { contact: TEXTS.email },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      title: 'Thread with [EMAIL_1]',
      metadata: { contact: '[EMAIL_1]' },
    });
    const listed = await get(t, user.token, '/api/Chat/GetConversations');
    expect(listed.body).not.toContain(TEXTS.email);
  });
});
