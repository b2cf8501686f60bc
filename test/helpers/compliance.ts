import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { post, type Response } from './api-requests.ts';
import type { NewActivityEvent } from '../../src/store/activity-store.ts';
import { anActivityEvent } from './activity-events.ts';

// Compliance API test helpers: activity seeded through the store (exact control over findings,
// dates and volume) and searches through POST /api/Compliance/Search.

export interface ActivityResult {
  id: number;
  at: string;
  kind: string;
  user: { id: string; email: string | null; name: string | null } | null;
  agent: { id: string; name: string | null } | null;
  conversationId: string | null;
  messageId: string | null;
  engine: string | null;
  model: string | null;
  clientIp: string | null;
  country: string | null;
  verdict: string;
  scanners: string[];
  findingTypes: string[];
  feedbackRating: number | null;
  snippet: { text: string; highlights: { start: number; end: number }[] };
}

export interface SearchPage {
  results: ActivityResult[];
  next: string | null;
}

/** Records these events (each a passed prompt unless told otherwise); returns their ids. */
export function seedActivity(
  t: TestApp,
  events: readonly Partial<NewActivityEvent>[],
): Promise<number[]> {
  return t.store.activity.record(
    events.map((event) => anActivityEvent({ at: t.clock.nowSeconds(), ...event })),
  );
}

export function searchRequest(t: TestApp, token: string, body: unknown): Promise<Response> {
  return post(t, token, '/api/Compliance/Search', body);
}

/** A search asserted 200. */
export async function search(t: TestApp, token: string, body: unknown = {}): Promise<SearchPage> {
  const response = await searchRequest(t, token, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SearchPage>();
}

/** The ids a search finds (first page of up to 100). */
export async function idsFound(t: TestApp, token: string, body: Record<string, unknown> = {}) {
  return (await search(t, token, { limit: 100, ...body })).results.map((r) => r.id);
}
