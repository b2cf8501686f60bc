import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { clientOf, get, type Response } from './api-requests.ts';
import { getToken } from './oauth-flow.ts';

// Requests to the Company API (Company > General Information) as the web app sends them.

const bearer = (token: string) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json',
});

/** What GET /api/Company/Settings answers. */
export interface CompanySettingsResponse {
  name: string;
  hasLogo: boolean;
  defaultAgentId: string | null;
  allowedSignInDomains: string[];
  sso: {
    configured: boolean;
    source: 'settings' | 'environment' | 'none';
    issuer: string | null;
    clientId: string | null;
    hasClientSecret: boolean;
    newUsers: 'invited' | 'domain';
    buttonLabel: string;
  };
  smtp: {
    configured: boolean;
    source: 'settings' | 'environment' | 'none';
    host: string | null;
    port: number | null;
    security: 'starttls' | 'tls' | 'none';
    username: string | null;
    hasPassword: boolean;
    from: string;
  };
}

export function putSettings(t: TestApp, token: string, payload: unknown): Promise<Response> {
  return t.app.inject({
    method: 'PUT',
    url: '/api/Company/Settings',
    headers: bearer(token),
    payload: payload as Record<string, unknown>,
  });
}

/** PUT /api/Company/Settings, asserted 200; returns the settings it answers. */
export async function changeSettings(
  t: TestApp,
  token: string,
  payload: unknown,
): Promise<CompanySettingsResponse> {
  const response = await putSettings(t, token, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CompanySettingsResponse>();
}

/** GET /api/Company/Settings, asserted 200. */
export async function readSettings(t: TestApp, token: string): Promise<CompanySettingsResponse> {
  const response = await t.app.inject({ url: '/api/Company/Settings', headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CompanySettingsResponse>();
}

export function putLogo(
  t: TestApp,
  token: string,
  body: Buffer | string,
  contentType: string,
): Promise<Response> {
  return t.app.inject({
    method: 'PUT',
    url: '/api/Company/Logo',
    headers: { ...bearer(token), 'content-type': contentType },
    payload: body,
  });
}

/** GET /api/Account/Options (public). */
export async function signInOptions(t: TestApp): Promise<Record<string, unknown>> {
  const response = await t.app.inject({ url: '/api/Account/Options' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Record<string, unknown>>();
}

/** A mail server on 127.0.0.1 as the company settings name it (the test sinks speak plain SMTP). */
export function smtpSettingsFor(sinkUrl: string, extra: Record<string, unknown> = {}) {
  const url = new URL(sinkUrl);
  return { host: url.hostname, port: Number(url.port), security: 'none', ...extra };
}

/** The user's default agent, as the user's own ListAgents shows it (isDefault); null for none. */
export async function defaultAgentOf(t: TestApp, userId: string): Promise<string | null> {
  const token = await getToken(t, await clientOf(t), { userid: userId });
  const response = await get(t, token, '/api/Chat/ListAgents');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ id: string; isDefault: boolean }[]>().find((a) => a.isDefault)?.id ?? null;
}
