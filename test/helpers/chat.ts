import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { asUser, get, post, type Caller, type Response } from './api-requests.ts';
import type { FakeProvider } from './fake-providers/fake-server.ts';
import { streamReply } from './fake-providers/fake-server.ts';
import { openAiWire } from './fake-providers/openai-wire.ts';

// Chat API test helpers: agents made through the real admin API, answers from the demo engine
// or from a loopback fake provider, multipart uploads and Server-Sent Events parsing.

export interface AgentResponse {
  id: string;
  name: string;
  engine: string;
  model: string;
  maxMessages: number;
  hasApiKey: boolean;
  apiKeyLast4: string | null;
}

let agentCount = 0;

/** POST /api/Agents/CreateAgent, asserted 201; a demo agent unless told otherwise. */
export async function anAgent(
  t: TestApp,
  adminToken: string,
  body: Record<string, unknown> = {},
): Promise<AgentResponse> {
  agentCount += 1;
  const response = await post(t, adminToken, '/api/Agents/CreateAgent', {
    name: `Agent ${agentCount}`,
    engine: 'demo',
    model: 'demo',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<AgentResponse>();
}

/** POST /api/Agents/AssignAgent, asserted 204. */
export async function assign(
  t: TestApp,
  adminToken: string,
  agentId: string,
  to: { userid: string } | { groupid: string },
): Promise<void> {
  const response = await post(t, adminToken, '/api/Agents/AssignAgent', {
    agentid: agentId,
    ...to,
  });
  expect(response.statusCode, response.body).toBe(204);
}

export interface ChatWorld {
  admin: Caller;
  user: Caller;
  agent: AgentResponse;
}

/** A fresh plain user and an agent (demo unless `agentBody` says) the admin assigned to them. */
export async function userWithAgent(
  t: TestApp,
  adminToken: string,
  agentBody: Record<string, unknown> = {},
): Promise<Omit<ChatWorld, 'admin'>> {
  const user = await asUser(t);
  const agent = await anAgent(t, adminToken, agentBody);
  await assign(t, adminToken, agent.id, { userid: user.user.id });
  return { user, agent };
}

/** An admin, a plain user, and an agent (demo unless `agentBody` says) assigned to the user. */
export async function chatWorld(
  t: TestApp,
  agentBody: Record<string, unknown> = {},
): Promise<ChatWorld> {
  const admin = await asUser(t, ['CompanyAdmin']);
  return { admin, ...(await userWithAgent(t, admin.token, agentBody)) };
}

/** Agent settings for an OpenAI-compatible ("llama") engine served by the fake provider. */
export function fakeLlamaAgent(fake: FakeProvider, body: Record<string, unknown> = {}) {
  return { engine: 'llama', model: 'fake-model', endpoint: `${fake.origin}/v1`, ...body };
}

/** Agent settings for the openai engine, its endpoint the fake provider. */
export function openAiAgent(fake: FakeProvider, body: Record<string, unknown> = {}) {
  return { engine: 'openai', model: 'gpt-4o-mini', endpoint: `${fake.origin}/v1`, ...body };
}

/** Makes the fake answer every request with these deltas, OpenAI-style. */
export function answerWith(fake: FakeProvider, deltas: string[], usage = { input: 11, output: 7 }) {
  fake.reply = streamReply(openAiWire.contentType, openAiWire.answer(deltas, usage));
}

export interface AskResponse {
  conversationId: string;
  messageId: string;
  answer: string;
  usage: { promptTokens: number; completionTokens: number };
}

/** POST /api/Chat/AskAgent, asserted 200. */
export async function ask(
  t: TestApp,
  token: string,
  body: { agentid: string; question: string; conversationId?: string },
): Promise<AskResponse> {
  const response = await post(t, token, '/api/Chat/AskAgent', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<AskResponse>();
}

export interface FileResponse {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  conversationId: string | null;
  agentId: string | null;
  messageId: string | null;
  createdAt: string;
}

export interface ConversationResponse {
  id: string;
  agentId: string | null;
  title: string;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface MessageResponse {
  id: string;
  role: string;
  content: string;
  createdAt: string;
  engine: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  files: FileResponse[];
  feedback: unknown;
  scans: unknown[] | null;
}

export interface ConversationDetail extends ConversationResponse {
  messages: MessageResponse[];
  files: FileResponse[];
}

/** POST /api/Chat/CreateConversation with the agent only, asserted 201; returns the id. */
export async function createConversation(
  t: TestApp,
  token: string,
  agentId: string,
): Promise<string> {
  const response = await post(t, token, '/api/Chat/CreateConversation', { agentid: agentId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** GET /api/Chat/GetConversation/{id}, asserted 200. */
export async function getConversation(
  t: TestApp,
  token: string,
  id: string,
): Promise<ConversationDetail> {
  const response = await get(t, token, `/api/Chat/GetConversation/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ConversationDetail>();
}

export interface UploadPart {
  name: string;
  content: string | Uint8Array;
  /** The part's Content-Type header; the server must not trust it. */
  type?: string;
  field?: string;
}

/** A multipart/form-data body with one part per file. */
export function multipart(parts: readonly UploadPart[]): { body: Buffer; contentType: string } {
  const boundary = `----airisk-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'file'}"; filename="${part.name}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const text = (name: string, content: string): UploadPart => ({ name, content });

export const toConversation = (id: string) => `/api/Chat/AddFileToConversation/${id}`;
export const toAgent = (id: string) => `/api/Chat/AddFilesToAgent/${id}`;

/** POSTs files as multipart/form-data with a bearer token. */
export function upload(
  t: TestApp,
  token: string,
  url: string,
  parts: readonly UploadPart[],
): Promise<Response> {
  const { body, contentType } = multipart(parts);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload: body,
  });
}

export interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** Parses a complete text/event-stream body. */
export function parseEvents(text: string): ServerSentEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
