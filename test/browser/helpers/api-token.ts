import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { assignAgent, type Airisk, type RealServer } from './airisk.ts';
import type { Journal } from './browser.ts';
import { CONSOLE_PASSWORD, signedInPage, type ConsolePerson } from './console.ts';

/** The first user token the page sends (Authorization: Bearer), to call the API as its person. */
export async function bearerOf(page: Page): Promise<string> {
  let token: string | undefined;
  page.on('request', (request) => {
    token ??= /^Bearer (.+)$/.exec(request.headers()['authorization'] ?? '')?.[1];
  });
  await page.reload();
  await expect.poll(() => token, { timeout: 10_000 }).toBeDefined();
  return token ?? '';
}

/** POST /api/Chat/AskAgent with this body as the token's person (from: an X-Forwarded-For address). */
export function postAskAgent(
  airisk: Airisk,
  token: string,
  body: object,
  from?: string,
): Promise<Response> {
  return fetch(`${airisk.url}/api/Chat/AskAgent`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(from ? { 'x-forwarded-for': from } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** POST /api/Chat/AskAgent as the token's person (from: an X-Forwarded-For address); its status. */
export async function askAgent(
  airisk: Airisk,
  token: string,
  agentId: string,
  question: string,
  from?: string,
): Promise<number> {
  const response = await postAskAgent(airisk, token, { agentid: agentId, question }, from);
  await response.body?.cancel();
  return response.status;
}

/**
 * A person with no role, signed in on /chat and assigned the agent (as their default), with the
 * bearer token their page sends.
 */
export async function signedInAsker(
  real: RealServer,
  journal: Journal,
  agentId: string,
  person: { name: string; email: string },
): Promise<ConsolePerson & { token: string }> {
  const asker = await signedInPage(real.browser, real.airisk, journal, '/chat', {
    ...person,
    password: CONSOLE_PASSWORD,
    roles: [],
  });
  await assignAgent(real.airisk, agentId, asker.userId);
  return { ...asker, token: await bearerOf(asker.page) };
}
