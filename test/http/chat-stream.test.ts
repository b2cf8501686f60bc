import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { genericToken, get, post } from '../helpers/api-requests.ts';
import {
  ask,
  chatWorld,
  fakeLlamaAgent,
  parseEvents,
  type ServerSentEvent,
} from '../helpers/chat.ts';
import {
  errorReply,
  gate,
  startFakeProvider,
  streamReply,
  type FakeProvider,
} from '../helpers/fake-providers/fake-server.ts';
import { llamaWire } from '../helpers/fake-providers/openai-wire.ts';
import { promptly } from '../helpers/fake-providers/engine-contract.ts';

// ChatWithAgent with Accept: text/event-stream over a real socket, read as it arrives: the
// events, what happens when the provider fails or the client leaves mid-answer.

const DELTAS = ['Risks ', 'are ', 'harms.'];
const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

let t: ListeningApp;
let fake: FakeProvider;

/** Gives each test of the describe block its own listening app (with `env`) and fake provider. */
function useApp(env: Record<string, string> = {}): void {
  beforeEach(async () => {
    t = await createListeningApp(env);
    fake = await startFakeProvider();
  });
  afterEach(async () => {
    await fake.close();
    // After an aborted fetch, Node's client opens a spare connection that never sends a request;
    // the server keeps it for its keep-alive time (72 s), and close() would wait for it.
    t.app.server.closeAllConnections();
    await t.close();
  });
}

/** Reads Server-Sent Events one at a time, as the server writes them. */
function eventReader(body: ReadableStream<Uint8Array> | null) {
  if (!body) {
    throw new Error('The response has no body');
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<ServerSentEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end + 2);
        buffer = buffer.slice(end + 2);
        return parseEvents(block)[0];
      }
      const { done, value } = await reader.read();
      if (done) {
        expect(buffer.trim()).toBe('');
        return undefined;
      }
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const rest = async (): Promise<ServerSentEvent[]> => {
    const events: ServerSentEvent[] = [];
    for (let event = await next(); event; event = await next()) {
      events.push(event);
    }
    return events;
  };
  return { next, rest };
}

function chatOverHttp(
  token: string,
  body: { conversationId: string; message: string },
  init: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${t.issuer}/api/Chat/ChatWithAgent`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...init.headers,
    },
    body: JSON.stringify(body),
    ...(init.signal && { signal: init.signal }),
  });
}

/** A user, a fake-provider agent and an empty conversation with it. */
async function conversationWorld(agentBody: Record<string, unknown> = fakeLlamaAgent(fake)) {
  const world = await chatWorld(t, agentBody);
  const created = await post(t, world.user.token, '/api/Chat/CreateConversation', {
    agentid: world.agent.id,
  });
  expect(created.statusCode, created.body).toBe(201);
  const conversation = created.json<{ id: string; updatedAt: number }>();
  return { ...world, conversation };
}

async function conversationDetail(token: string, id: string) {
  const response = await get(t, token, `/api/Chat/GetConversation/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ updatedAt: number; messages: Record<string, unknown>[] }>();
}

describe('ChatWithAgent as Server-Sent Events', () => {
  useApp();

  it('sends start and each delta as the provider writes them, then done', async () => {
    const { user, conversation } = await conversationWorld();
    const hold = gate();
    const frames = llamaWire.answer(DELTAS, { input: 13, output: 3 });
    fake.reply = streamReply(llamaWire.contentType, frames, { holdAfterFirst: hold.opened });
    const response = await chatOverHttp(user.token, {
      conversationId: conversation.id,
      message: 'What is a risk?',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const events = eventReader(response.body);
    // The provider holds the rest of its answer until the test has read these two.
    const start = await promptly(events.next(), 'the start event');
    expect(start).toEqual({
      event: 'start',
      data: { conversationId: conversation.id, messageId: expect.any(String) },
    });
    const first = await promptly(events.next(), 'the first delta, while the provider held on');
    expect(first).toEqual({ event: 'delta', data: { text: 'Risks ' } });
    hold.open();
    const rest = await events.rest();
    const done = rest.pop();
    expect(rest.every((e) => e.event === 'delta')).toBe(true);
    const texts = rest.map((e) => (e.data as { text: string }).text);
    expect(['Risks ', ...texts].join('')).toBe('Risks are harms.');
    const { messageId } = start?.data as { messageId: string };
    expect(done).toEqual({
      event: 'done',
      data: {
        conversationId: conversation.id,
        messageId,
        answer: 'Risks are harms.',
        usage: { promptTokens: 13, completionTokens: 3 },
        scans: { prompt: expect.any(Array), answer: [] },
        toolCalls: [],
      },
    });
    const detail = await conversationDetail(user.token, conversation.id);
    expect(detail.messages).toMatchObject([
      { role: 'user', content: 'What is a risk?' },
      {
        id: messageId,
        role: 'assistant',
        content: 'Risks are harms.',
        promptTokens: 13,
        completionTokens: 3,
      },
    ]);
  });

  it('the demo engine streams its answer in several deltas', async () => {
    const { user, conversation } = await conversationWorld({});
    const response = await chatOverHttp(user.token, {
      conversationId: conversation.id,
      message: 'Hello there',
    });
    expect(response.status).toBe(200);
    const events = parseEvents(await response.text());
    expect(events[0]?.event).toBe('start');
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    const { answer } = done?.data as { answer: string };
    expect(deltas.map((e) => (e.data as { text: string }).text).join('')).toBe(answer);
    expect(answer).toContain('you said "Hello there"');
    expect(events).toHaveLength(deltas.length + 2);
  });
});

describe('a provider that stalls, with AIRISK_ENGINE_TIMEOUT=1', () => {
  useApp({ AIRISK_ENGINE_TIMEOUT: '1' });

  it('a provider that stalls after the status was sent: an error event (504), nothing stored', async () => {
    const { user, conversation } = await conversationWorld();
    const frames = llamaWire.answer(DELTAS, { input: 13, output: 3 });
    fake.reply = streamReply(llamaWire.contentType, frames, { stallAfterFirst: true });
    const traceId = 'aa'.repeat(16);
    const started = performance.now();
    const response = await chatOverHttp(
      user.token,
      { conversationId: conversation.id, message: 'What is a risk?' },
      { headers: { traceparent: `00-${traceId}-${'bb'.repeat(8)}-01` } },
    );
    expect(response.status).toBe(200);
    const events = await eventReader(response.body).rest();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(1000 + 1500);
    expect(events.map((e) => e.event)).toEqual(['start', 'delta', 'error']);
    const problem = events[2]?.data as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 504,
      title: expect.any(String),
      type: expect.stringMatching(/^https:\/\/tools\.ietf\.org\/html\/rfc9110#section-/),
      detail: 'The llama engine did not answer within 1 s',
    });
    // The traceId continues the caller's trace, so the client can quote it.
    expect(problem.traceId).toMatch(TRACE_ID);
    expect(problem.traceId).toContain(traceId);
    await promptly((await fake.request()).abandoned, 'the provider call to be abandoned');
    const detail = await conversationDetail(user.token, conversation.id);
    expect(detail.messages).toEqual([]);
    expect(detail.updatedAt).toBe(conversation.updatedAt);
  });
});

describe('failures', () => {
  // The default engine timeout (120 s): only the client leaving can end a held answer early.
  useApp();

  it('a provider error after the status was sent: an error event (502), nothing stored', async () => {
    const { user, conversation } = await conversationWorld();
    fake.reply = errorReply(500, llamaWire.errorBody(500, 'The server had an error.'));
    const response = await chatOverHttp(user.token, {
      conversationId: conversation.id,
      message: 'What is a risk?',
    });
    expect(response.status).toBe(200);
    const events = await eventReader(response.body).rest();
    expect(events.map((e) => e.event)).toEqual(['start', 'error']);
    expect(events[1]?.data).toMatchObject({
      status: 502,
      traceId: expect.stringMatching(TRACE_ID),
      detail: expect.stringMatching(/^The llama engine answered HTTP 500.*The server had an error/),
    });
    expect((await conversationDetail(user.token, conversation.id)).messages).toEqual([]);
  });

  it('errors found before streaming are plain problem responses', async () => {
    const { user } = await conversationWorld();
    const unknown = await chatOverHttp(user.token, { conversationId: 'nope', message: 'Hi' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({ status: 404, traceId: expect.any(String) });

    const generic = await chatOverHttp(await genericToken(t), {
      conversationId: 'nope',
      message: 'Hi',
    });
    expect(generic.status).toBe(403);
    expect(generic.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(generic.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(await generic.json()).toMatchObject({ status: 403 });
    expect(fake.requests).toHaveLength(0);
  });

  it('a client that leaves mid-answer: the provider call is abandoned, nothing stored', async () => {
    const { user, agent, conversation } = await conversationWorld();
    const hold = gate();
    const frames = llamaWire.answer(DELTAS, { input: 13, output: 3 });
    fake.reply = streamReply(llamaWire.contentType, frames, { holdAfterFirst: hold.opened });
    const leave = new AbortController();
    const response = await chatOverHttp(
      user.token,
      { conversationId: conversation.id, message: 'What is a risk?' },
      { signal: leave.signal },
    );
    const events = eventReader(response.body);
    expect((await promptly(events.next(), 'the start event'))?.event).toBe('start');
    expect((await promptly(events.next(), 'the first delta'))?.event).toBe('delta');
    leave.abort();
    await promptly((await fake.request()).abandoned, 'the provider call to be abandoned');
    // Let the provider go on writing into the closed call: there is nothing left to store.
    hold.open();
    // A later turn in the same conversation: its history holds nothing of the one abandoned.
    fake.reply = streamReply(
      llamaWire.contentType,
      llamaWire.answer(['Fine.'], { input: 1, output: 1 }),
    );
    const later = await ask(t, user.token, {
      agentid: agent.id,
      conversationId: conversation.id,
      question: 'Still there?',
    });
    expect((fake.requests[1]?.json as { messages: unknown[] }).messages).toEqual([
      { role: 'system', content: expect.any(String) },
      { role: 'user', content: 'Still there?' },
    ]);
    const detail = await conversationDetail(user.token, conversation.id);
    expect(detail.messages.map((m) => m.id)).toEqual([expect.any(String), later.messageId]);
  });
});
