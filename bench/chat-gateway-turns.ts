import type { Agent } from 'node:http';
import { postJson, postStream, type StreamEvent, type Streamed } from './chat-gateway-client.ts';

/**
 * The chat gateway workload's requests, each answer checked: AskAgent (JSON), ChatWithAgent as
 * Server-Sent Events, CreateConversation. A check that fails throws, with what was wrong.
 */
export const GATEWAY_QUESTION = 'Please draft a short summary of the quarterly sales report.';
const ECHO = `Demo engine (no AI model was called): you said "${GATEWAY_QUESTION}". I received `;
const REQUEST_TIMEOUT_MS = 60_000;

export interface Caller {
  agent: Agent;
  baseUrl: string;
  token: string;
}

function detailOf(body: string): string {
  try {
    return (JSON.parse(body) as { detail?: string }).detail ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** A conversation with the agent, empty. */
export async function newConversation(caller: Caller, agentId: string): Promise<string> {
  const answered = await postJson({
    ...caller,
    path: '/api/Chat/CreateConversation',
    body: { agentId },
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  if (answered.status !== 201) {
    throw new Error(`CreateConversation ${answered.status}: ${detailOf(answered.body)}`);
  }
  return (JSON.parse(answered.body) as { id: string }).id;
}

/** One AskAgent turn in the conversation: 200 with the demo engine's echo; its latency. */
export async function askTurn(
  caller: Caller,
  agentId: string,
  conversationId: string,
): Promise<number> {
  const answered = await postJson({
    ...caller,
    path: '/api/Chat/AskAgent',
    body: { agentId, conversationId, question: GATEWAY_QUESTION },
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  if (answered.status !== 200) {
    throw new Error(`AskAgent ${answered.status}: ${detailOf(answered.body)}`);
  }
  const json = JSON.parse(answered.body) as { conversationId?: string; answer?: string };
  if (json.conversationId !== conversationId || !json.answer?.startsWith(ECHO)) {
    throw new Error(`AskAgent answered something else: ${answered.body.slice(0, 200)}`);
  }
  return answered.ms;
}

export interface StreamedTurn {
  /** The response's first byte (the `start` event). */
  firstByteMs: number;
  /** The first `delta` event: the answer's first text. */
  firstTextMs: number;
  ms: number;
}

/**
 * One ChatWithAgent turn as Server-Sent Events: 200, `text/event-stream`, `start` naming the
 * conversation, one or more `delta`, then `done` whose answer is the deltas joined, the echo.
 */
export async function streamTurn(
  caller: Caller,
  conversationId: string,
  onEvent: (event: StreamEvent) => void = () => {},
): Promise<StreamedTurn> {
  const streamed = await postStream(
    {
      ...caller,
      path: '/api/Chat/ChatWithAgent',
      body: { conversationId, message: GATEWAY_QUESTION },
      timeoutMs: REQUEST_TIMEOUT_MS,
    },
    onEvent,
  );
  const problem = streamProblem(streamed, conversationId);
  if (problem) {
    throw new Error(problem);
  }
  const firstText = streamed.events.find((event) => event.event === 'delta')!;
  return { firstByteMs: streamed.firstByteMs, firstTextMs: firstText.atMs, ms: streamed.ms };
}

function streamProblem(streamed: Streamed, conversationId: string): string | undefined {
  const { status, contentType, events } = streamed;
  if (status !== 200 || !contentType.startsWith('text/event-stream')) {
    return `ChatWithAgent ${status} ${contentType}`;
  }
  const names = events.map((event) => event.event);
  const failure = events.find((event) => event.event === 'error');
  if (failure) {
    return `ChatWithAgent streamed an error: ${JSON.stringify(failure.data).slice(0, 200)}`;
  }
  const start = events[0]?.data as { conversationId?: string } | undefined;
  const done = events.at(-1)?.data as { answer?: string } | undefined;
  const deltas = events.filter((event) => event.event === 'delta');
  const text = deltas.map((event) => (event.data as { text?: string }).text ?? '').join('');
  if (
    names[0] !== 'start' ||
    start?.conversationId !== conversationId ||
    names.at(-1) !== 'done' ||
    names.filter((name) => name === 'done').length !== 1 ||
    deltas.length === 0 ||
    deltas.length !== events.length - 2 ||
    done?.answer !== text ||
    !text.startsWith(ECHO)
  ) {
    return `ChatWithAgent streamed ${names.join(',')}: ${text.slice(0, 120)}`;
  }
  return undefined;
}
