import { randomBytes } from 'node:crypto';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { hashPassword } from '../../src/accounts/passwords.ts';
import { aClient, aUser, type TestApp } from '../helpers/test-app.ts';
import { GOOD_PASSWORD, signedIn, type Browser } from '../helpers/account-requests.ts';
import { asUser, clientOf, post, type Caller } from '../helpers/api-requests.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import {
  anAgent,
  answerWith,
  fakeLlamaAgent,
  text,
  toAgent,
  upload,
  type UploadPart,
} from '../helpers/chat.ts';
import type { FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { changeSettings, smtpSettingsFor } from '../helpers/company-requests.ts';

// What the request cases are made of: the request a case sends, and the world it is sent to
// (users, a client, an agent, conversations, and a company with single sign-on and mail set up
// against a real identity provider and mail server on loopback).

export interface Sent {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  token?: string;
  /** The session cookie and CSRF token of a signed-in browser. */
  browser?: Browser;
  /** The app to send to, when not the world's (a first run needs an empty database). */
  t?: TestApp;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Send the body form-encoded rather than as JSON. */
  form?: boolean;
  files?: UploadPart[];
  /** A body of its own type (a CSV file, an image), sent as is. */
  raw?: { contentType: string; payload: Buffer | string };
  /** Values this preparation made up (ids, emails), to be read as their name when compared. */
  made?: Record<string, string>;
}

export interface World {
  t: TestApp;
  fake: FakeProvider;
  credentials: ClientWithSecret;
  admin: Caller;
  user: Caller;
  /** The user signed in with a password, as the web app is. */
  browser: Browser;
  agentId: string;
  groupId: string;
  /** The company's identity provider (single sign-on is configured against it). */
  idp: IdentityProvider;
  /** The company's mail server. */
  mail: SmtpSink;
}

export type Prepare = (w: World) => Promise<Sent>;

let count = 0;
export const unique = (prefix: string) =>
  `${prefix}${(count += 1)}-${randomBytes(3).toString('hex')}`;

/** An admin, a user, a group, a chat agent on the fake provider and things to list. */
export async function buildWorld(t: TestApp, fake: FakeProvider): Promise<World> {
  answerWith(fake, ['Noted.']);
  const admin = await asUser(t, ['CompanyAdmin'], { email: 'casing-admin@example.com' });
  const user = await asUser(t, ['User'], { email: 'casing-user@example.com' });
  await t.store.logins.setPassword(
    user.user.id,
    await hashPassword(GOOD_PASSWORD),
    t.clock.nowSeconds(),
  );
  const browser = await signedIn(t, user.user);
  for (const name of ['Casing Ann', 'Casing Bob', 'Casing Cid']) {
    await aUser(t, { name, email: `${name.replace(' ', '.').toLowerCase()}@example.com` });
  }
  // More sign-ins of the user, so that a page of its log has something to skip.
  for (let i = 0; i < 3; i += 1) {
    await getToken(t, await clientOf(t), { userid: user.user.id });
  }
  const credentials = await aClient(t);
  const idp = await startIdentityProvider(`${t.config.issuer}/api/Account/Sso/Callback`);
  const mail = await startSmtpSink();
  const world: World = {
    t,
    fake,
    credentials,
    admin,
    user,
    browser,
    idp,
    mail,
    agentId: '',
    groupId: '',
  };
  for (const name of ['Casing group A', 'Casing group B', 'Casing group C']) {
    const group = await post(t, admin.token, '/api/Groups/CreateGroup', { name });
    world.groupId = group.json<{ id: string }>().id;
  }
  world.agentId = (await anAgent(t, admin.token, fakeLlamaAgent(fake))).id;
  for (const userId of [user.user.id, admin.user.id]) {
    await post(t, admin.token, '/api/Agents/AssignAgent', { agentId: world.agentId, userId });
  }
  for (const title of ['casing one', 'casing two', 'casing three', 'other']) {
    await post(t, user.token, '/api/Chat/CreateConversation', {
      agentId: world.agentId,
      title,
      metadata: { project: title },
    });
  }
  await upload(t, user.token, toAgent(world.agentId), [text('agent-notes.txt', 'Notes')]);
  await changeSettings(t, admin.token, companySettings(world));
  return world;
}

/** The world's company: its default agent, its domain, its identity provider and mail server. */
export function companySettings(w: World) {
  return {
    name: 'Casing Corp',
    defaultAgentId: w.agentId,
    allowedSignInDomains: ['example.com'],
    archiveAfterDays: 3650,
    sso: {
      issuer: w.idp.issuer,
      clientId: w.idp.clientId,
      clientSecret: w.idp.clientSecret,
      newUsers: 'domain',
      buttonLabel: 'Casing sign-in',
    },
    smtp: smtpSettingsFor(w.mail.url, { from: 'Casing Corp <airisk@example.com>' }),
  };
}

/** Stops the world's own servers (the app and the fake provider are the caller's). */
export async function closeWorld(w: World): Promise<void> {
  await Promise.all([w.idp.close(), w.mail.close()]);
}

export const freshUser = async (w: World) => (await aUser(w.t, { id: unique('case_user_') })).id;

export async function freshGroup(w: World): Promise<string> {
  const response = await post(w.t, w.admin.token, '/api/Groups/CreateGroup', {
    name: unique('case group '),
  });
  return response.json<{ id: string }>().id;
}

export const freshAgent = async (w: World) =>
  (await anAgent(w.t, w.admin.token, fakeLlamaAgent(w.fake, { name: unique('Agent ') }))).id;

// The world is built with the documented names only: it must not depend on what is tested.
export async function freshConversation(w: World): Promise<string> {
  const response = await post(w.t, w.user.token, '/api/Chat/CreateConversation', {
    agentId: w.agentId,
  });
  return response.json<{ id: string }>().id;
}

export const get = (url: string, token?: string, query?: Record<string, string>): Sent => ({
  method: 'GET',
  url,
  ...(token === undefined ? {} : { token }),
  ...(query === undefined ? {} : { query }),
});

export const postJson = (url: string, token: string, body: Record<string, unknown>): Sent => ({
  method: 'POST',
  url,
  token,
  body,
});
