import { afterEach, beforeEach, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { get, post, type Caller, type Response } from './api-requests.ts';
import {
  answerWith,
  ask,
  chatWorld,
  createConversation,
  fakeLlamaAgent,
  getConversation,
  type ChatWorld,
  type ConversationDetail,
  type ConversationResponse,
} from './chat.ts';
import { startFakeProvider, type FakeProvider } from './fake-providers/fake-server.ts';

// The per-test worlds that several Chat API test files share. Each `use…` registers its hooks in
// the calling file and returns a function that hands a test its own app: nothing outlives a test.

function inTest<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('Only available inside a test: beforeEach makes it');
  }
  return value;
}

// ---- File uploads: what the model receives shows whether a file's text was read.

/** The files tests' agent instructions: a system message that is exactly this read no file. */
export const SYSTEM_PROMPT = 'You are a careful risk analyst.';

export interface FileWorld extends ChatWorld {
  t: TestApp;
  fake: FakeProvider;
  /** POST CreateConversation with the agent only, asserted 201; returns the id. */
  createConversation: (token: string, agentId: string) => Promise<string>;
  conversationDetail: (token: string, id: string) => Promise<ConversationDetail>;
  /** Asks through AskAgent and returns the system message the model received ('' for none). */
  systemSent: (
    token: string,
    body: { agentid: string; question?: string; conversationId?: string },
  ) => Promise<string>;
  /**
   * The system message for a question in a conversation made with CreateConversation, so that
   * the agent's files are read (see the test of a conversation's first AskAgent for the other way).
   */
  systemInNewConversation: (token: string, agentId: string) => Promise<string>;
  /** POSTs a multipart form whose only part is a plain field. */
  postFormWithoutFile: (token: string, url: string) => Promise<Response>;
}

/**
 * Gives each test a fake provider answering "Noted.". The returned `start` opens the app (with
 * these settings), an admin, a user and a fake-provider agent with SYSTEM_PROMPT assigned to the user.
 */
export function useFileWorld(): (env?: Record<string, string>) => Promise<FileWorld> {
  let fake: FakeProvider | undefined;
  let t: TestApp | undefined;
  beforeEach(async () => {
    fake = await startFakeProvider();
    answerWith(fake, ['Noted.']);
  });
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    t = undefined;
  });
  return async (env = {}) => {
    const provider = inTest(fake);
    const app = await createTestApp(env);
    t = app;
    const world = await chatWorld(app, fakeLlamaAgent(provider, { systemPrompt: SYSTEM_PROMPT }));
    return fileWorld(app, provider, world);
  };
}

function fileWorld(t: TestApp, fake: FakeProvider, world: ChatWorld): FileWorld {
  const systemSent: FileWorld['systemSent'] = async (token, body) => {
    const before = fake.requests.length;
    await ask(t, token, { question: 'What do my files say?', ...body });
    expect(fake.requests).toHaveLength(before + 1);
    const { messages } = fake.requests[before]?.json as {
      messages: { role: string; content: string }[];
    };
    const system = messages.filter((message) => message.role === 'system');
    expect(system.length).toBeLessThanOrEqual(1);
    return system[0]?.content ?? '';
  };
  return {
    t,
    fake,
    ...world,
    createConversation: (token, agentId) => createConversation(t, token, agentId),
    conversationDetail: (token, id) => getConversation(t, token, id),
    systemSent,
    systemInNewConversation: async (token, agentId) => {
      const conversationId = await createConversation(t, token, agentId);
      return systemSent(token, { agentid: agentId, conversationId });
    },
    postFormWithoutFile: (token, url) => {
      const boundary = '----airisk-test-no-file';
      return t.app.inject({
        method: 'POST',
        url,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      });
    },
  };
}

// ---- Conversations: created and listed by a user, read back in their order.

export interface ConversationWorld extends ChatWorld {
  t: TestApp;
  /** POST CreateConversation as `caller`, asserted 201; then a minute passes, so order is by time. */
  aConversation: (
    body?: { title?: string; metadata?: Record<string, unknown> },
    who?: { caller?: Caller; agentId?: string },
  ) => Promise<ConversationResponse>;
  listed: (url: string, caller?: Caller) => Promise<ConversationResponse[]>;
  titles: (url: string, caller?: Caller) => Promise<string[]>;
  conversationDetail: (id: string, caller?: Caller) => Promise<ConversationDetail>;
}

/**
 * Gives each test an app, an admin, a user and a demo agent (model 'echo-1') assigned to the user,
 * with helpers that act as that user with that agent unless told otherwise.
 */
export function useConversationWorld(): () => ConversationWorld {
  let t: TestApp | undefined;
  let world: ConversationWorld | undefined;
  beforeEach(async () => {
    t = await createTestApp();
    world = conversationWorld(t, await chatWorld(t, { model: 'echo-1' }));
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    world = undefined;
  });
  return () => inTest(world);
}

function conversationWorld(t: TestApp, { admin, user, agent }: ChatWorld): ConversationWorld {
  async function listed(url: string, caller: Caller = user): Promise<ConversationResponse[]> {
    const response = await get(t, caller.token, url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ConversationResponse[]>();
  }
  return {
    t,
    admin,
    user,
    agent,
    aConversation: async (body = {}, { caller = user, agentId = agent.id } = {}) => {
      const response = await post(t, caller.token, '/api/Chat/CreateConversation', {
        agentid: agentId,
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
      t.clock.advance(60);
      return response.json<ConversationResponse>();
    },
    listed,
    titles: async (url, caller) => (await listed(url, caller)).map((c) => c.title),
    conversationDetail: (id, caller = user) => getConversation(t, caller.token, id),
  };
}

// ---- Questions answered by a fake provider, and what a failed turn must leave untouched.

/** An agent's own provider key, in OpenAI's format: answers and errors must never show it. */
export const AGENT_KEY = 'sk-agent-fakeKey0123456789abcdefABCDEF';

export interface AppWithFakeProvider {
  t: TestApp;
  fake: FakeProvider;
  /** Another app over the same store and keys, with some of its dependencies replaced. */
  sameStoreApp: (overrides: Partial<AppDeps>) => Promise<TestApp>;
}

/** Gives each test its own app and fake provider, closed after it with every sameStoreApp. */
export function useAppWithFakeProvider(): () => AppWithFakeProvider {
  let current: AppWithFakeProvider | undefined;
  const sameStoreApps: FastifyInstance[] = [];
  beforeEach(async () => {
    const t = await createTestApp();
    const fake = await startFakeProvider();
    current = {
      t,
      fake,
      sameStoreApp: async (overrides) => {
        const app = await buildApp({ ...t, ...overrides });
        sameStoreApps.push(app);
        return { ...t, app };
      },
    };
  });
  afterEach(async () => {
    await Promise.all(sameStoreApps.splice(0).map((app) => app.close()));
    await current?.fake.close();
    await current?.t.close();
    current = undefined;
  });
  return () => inTest(current);
}

/** Every conversation of the user with all its messages: what a failed turn must not change. */
export async function storedState(app: TestApp, token: string): Promise<unknown[]> {
  const list = await get(app, token, '/api/Chat/GetConversations?results=100');
  expect(list.statusCode, list.body).toBe(200);
  const ids = list.json<{ id: string }[]>().map((c) => c.id);
  return Promise.all(
    ids.map(async (id) => (await get(app, token, `/api/Chat/GetConversation/${id}`)).json()),
  );
}
