import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, REDIRECT_URI } from '../helpers/test-app.ts';
import {
  createListeningApp,
  followAuthorization,
  type ListeningApp,
} from '../helpers/listening-app.ts';
import { anAgent } from '../helpers/chat.ts';
import { asUser, post } from '../helpers/api-requests.ts';

// The request shapes of a real, public AIRisk client (a React Native app), over a real socket:
// the authorization URL with userid, the three-field form exchange (no redirect_uri, no userid),
// then the Chat API with `Content-Type: application/json` on every request, GETs included, and
// feedback in the query string. Nothing here may need our own conventions to be known.

let t: ListeningApp;
beforeEach(async () => {
  t = await createListeningApp();
});
afterEach(() => t.close());

/** What the client sends with every API call. */
function clientHeaders(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
}

/** The authorization URL (with userid for a user), then the three-field form exchange. */
async function signIn(
  { client, clientSecret }: { client: { id: string }; clientSecret: string },
  userid?: string,
): Promise<string> {
  const authorization = new URL(`${t.issuer}/api/oauth2`);
  authorization.search = new URLSearchParams({
    client_id: client.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    ...(userid === undefined ? {} : { userid }),
  }).toString();
  const code = (await followAuthorization(authorization)).searchParams.get('code') as string;
  const exchanged = await fetch(`${t.issuer}/api/oauth2/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.id, client_secret: clientSecret, code }),
  });
  expect(exchanged.status, await exchanged.clone().text()).toBe(200);
  return ((await exchanged.json()) as { access_token: string }).access_token;
}

async function api(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${t.issuer}${path}`, {
    method: init.method ?? 'GET',
    headers: clientHeaders(token),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  expect(response.status, `${path}: ${text}`).toBeLessThan(300);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

describe('the mobile client, start to finish', () => {
  it('signs a user in, lists agents, converses, uploads a file and rates an answer', async () => {
    const { client, clientSecret } = await aClient(t);
    const admin = await asUser(t, ['CompanyAdmin']);
    const user = await aUser(t, { id: 'user_7', roles: ['User'] });
    const agent = await anAgent(t, admin.token, { name: 'Policy helper' });
    await post(t, admin.token, '/api/Agents/AssignAgent', { agentId: agent.id, userId: user.id });

    const token = await signIn({ client, clientSecret }, user.id);
    expect(decodeJwt(token)).toMatchObject({ token_kind: 'user', userid: 'user_7' });

    expect(await api(token, '/api/Chat/ListAgents')).toEqual([
      expect.objectContaining({ id: agent.id, name: 'Policy helper' }),
    ]);

    const conversation = (await api(token, '/api/Chat/CreateConversation', {
      method: 'POST',
      body: { agentId: agent.id, title: 'Travel' },
    })) as { id: string; agentId: string };
    expect(conversation.agentId).toBe(agent.id);

    const conversations = (await api(token, '/api/Chat/GetConversations?results=50')) as {
      id: string;
    }[];
    expect(conversations.map((c) => c.id)).toEqual([conversation.id]);

    const answer = (await api(token, '/api/Chat/AskAgent', {
      method: 'POST',
      body: { agentId: agent.id, conversationId: conversation.id, question: 'May I fly?' },
    })) as { conversationId: string; messageId: string; answer: string };
    expect(answer.conversationId).toBe(conversation.id);
    expect(answer.answer).toContain('May I fly?');

    const form = new FormData();
    form.append('file', new Blob(['Trains: second class.'], { type: 'text/plain' }), 'policy.txt');
    const uploaded = await fetch(`${t.issuer}/api/Chat/AddFileToConversation/${conversation.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    expect(await uploaded.json()).toMatchObject({
      name: 'policy.txt',
      conversationId: conversation.id,
    });

    const feedback = new URLSearchParams({
      messageid: answer.messageId,
      rating: '5',
      comment: 'Clear',
    });
    expect(
      await api(token, `/api/Chat/SubmitFeedback?${feedback.toString()}`, { method: 'POST' }),
    ).toMatchObject({ messageId: answer.messageId, rating: 5, comment: 'Clear' });

    const detail = (await api(token, `/api/Chat/GetConversation/${conversation.id}`)) as {
      messages: { role: string; feedback: { rating: number } | null }[];
      files: { name: string }[];
    };
    expect(detail.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(detail.messages[1]?.feedback).toMatchObject({ rating: 5 });
    expect(detail.files.map((f) => f.name)).toEqual(['policy.txt']);
  });

  it('gets a generic token with the same three fields, which may list users', async () => {
    const { client, clientSecret } = await aClient(t);
    await aUser(t, { id: 'user_7', email: 'ann@example.com' });
    const token = await signIn({ client, clientSecret });
    expect(decodeJwt(token)).toMatchObject({ token_kind: 'generic' });
    expect(await api(token, '/api/Users/ListUsers')).toEqual([
      expect.objectContaining({ id: 'user_7', email: 'ann@example.com' }),
    ]);
  });
});
