import { performance } from 'node:perf_hooks';
import type { ToolDeps } from '../tool-deps.ts';
import { callCustomApi } from './custom-api-tool.ts';
import { findApi } from './custom-apis.ts';

export type CustomApiTestResult =
  | { ok: true; result: string; durationMs: number }
  | { ok: false; error: string; durationMs: number };

/**
 * One real call with the arguments an admin gives, as the model's would go (the same checks,
 * outbound policy and auth; a userToken API sends the admin's own token). What the model would
 * read comes back; the scanners of an agent are not applied, since no agent asks.
 */
export async function testCustomApi(
  deps: ToolDeps,
  apiId: string,
  args: unknown,
  adminUserId: string,
): Promise<CustomApiTestResult> {
  const api = await findApi(deps.store, apiId);
  const started = performance.now();
  const output = await callCustomApi(deps, api, args, {
    userId: adminUserId,
    signal: new AbortController().signal,
  });
  const durationMs = Math.round(performance.now() - started);
  return output.ok
    ? { ok: true, result: output.text, durationMs }
    : { ok: false, error: output.error, durationMs };
}
