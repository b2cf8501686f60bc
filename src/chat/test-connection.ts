import type { Store } from '../store/store.ts';
import type { Clock } from '../lib/clock.ts';
import { useSecret } from '../secrets/custom-secrets.ts';
import type { AgentRecord } from '../store/chat-store.ts';
import type { EngineSettings } from './engines/engine.ts';
import { languageModelFor } from './engines/language-model.ts';
import { loadSdk } from './engines/sdk-modules.ts';
import { engineErrorFrom, redactKey, timeoutError } from './engines/engine-errors.ts';
import { decryptWithMasterKey } from '../lib/encryption.ts';
import { ValidationError } from '../lib/errors.ts';
import { findAgent } from './agents.ts';
import { parseApiKey, parseEndpoint, parseEngine, parseModel, parseRegion } from './agent-input.ts';

export interface TestConnectionDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  /** AIRISK_ENGINE_TIMEOUT_SECONDS, in ms; a test waits at most TEST_TIMEOUT_MS of it. */
  engineTimeoutMs: number;
}

/** An agent's saved settings with these overriding them, or (without agentId) these alone. */
export interface TestConnectionInput {
  agentId?: string | undefined;
  engine?: string | undefined;
  model?: string | undefined;
  endpoint?: string | null | undefined;
  region?: string | null | undefined;
  /** Left out: the agent's saved key (or, for a useUserKey agent without one, the caller's). */
  apiKey?: string | null | undefined;
}

/** What one call to the provider gave: its answer, or its error as the admin should read it. */
export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  answer: string | null;
  error: string | null;
}

export const TEST_PROMPT = 'Reply with the word OK.';
const TEST_OUTPUT_TOKENS = 16;
const TEST_TIMEOUT_MS = 30_000;
const MAX_REPORTED_CHARS = 500;

/**
 * Makes one real call to the provider with the model chat would build from these settings.
 * Whatever the provider answers, an error included, is the result: only settings that are not
 * valid at all (an unknown engine, agent or region) are thrown. Nothing is stored but the audit
 * record of a custom secret's use.
 */
export async function testConnection(
  deps: TestConnectionDeps,
  userId: string,
  input: TestConnectionInput,
): Promise<ConnectionTestResult> {
  const settings = await settingsToTest(deps, userId, input);
  if (typeof settings === 'string') {
    return { ok: false, latencyMs: 0, answer: null, error: settings };
  }
  return callOnce(settings, Math.min(deps.engineTimeoutMs, TEST_TIMEOUT_MS));
}

async function callOnce(
  settings: EngineSettings,
  timeoutMs: number,
): Promise<ConnectionTestResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const { generateText } = await loadSdk();
    const { text } = await generateText({
      model: await languageModelFor(settings),
      prompt: TEST_PROMPT,
      maxOutputTokens: TEST_OUTPUT_TOKENS,
      abortSignal: signal,
      maxRetries: 0,
    });
    return { ok: true, latencyMs: latencyMs(), answer: safe(text, settings.apiKey), error: null };
  } catch (error) {
    const failure = signal.aborted
      ? timeoutError(settings.engine, timeoutMs)
      : engineErrorFrom(error, settings.engine, settings.apiKey);
    return {
      ok: false,
      latencyMs: latencyMs(),
      answer: null,
      error: safe(failure.message, settings.apiKey),
    };
  }
}

/** The settings to call with, or why there is nothing to call with. */
async function settingsToTest(
  deps: TestConnectionDeps,
  userId: string,
  input: TestConnectionInput,
): Promise<EngineSettings | string> {
  const agent =
    input.agentId === undefined ? undefined : await findAgent(deps.store, input.agentId);
  if (!agent && (input.engine === undefined || input.model === undefined)) {
    throw new ValidationError('engine and model are required without agentId');
  }
  const engine = parseEngine(input.engine ?? agent?.engine ?? '');
  const settings: EngineSettings = {
    engine,
    model: parseModel(input.model ?? agent?.model ?? ''),
    endpoint:
      input.endpoint === undefined ? (agent?.endpoint ?? null) : parseEndpoint(input.endpoint),
    region: input.region === undefined ? (agent?.region ?? null) : parseRegion(input.region),
    apiKey: null,
    temperature: null,
    maxOutputTokens: TEST_OUTPUT_TOKENS,
  };
  if (input.apiKey !== undefined || !agent) {
    return { ...settings, apiKey: parseApiKey(input.apiKey ?? null) };
  }
  if (agent.apiKeySecret !== null) {
    const apiKey = await useSecret(deps, agent.apiKeySecret, { agentId: agent.id, userId });
    return { ...settings, apiKey };
  }
  const sealed = await savedKey(deps.store, agent, userId, engine);
  if (sealed === undefined) {
    return `Agent "${agent.name}" uses each user's own ${engine} key, and you have none: set yours with POST /api/Users/SetUserToken (provider "${engine}"), or give apiKey`;
  }
  return { ...settings, apiKey: sealed ? decryptWithMasterKey(deps.masterKey, sealed) : null };
}

/**
 * The agent's own key; for a useUserKey agent without one, the caller's key for the engine, as
 * chat would use it (undefined when the caller has none).
 */
async function savedKey(
  store: Store,
  agent: AgentRecord,
  userId: string,
  engine: string,
): Promise<string | null | undefined> {
  if (agent.apiKeyEncrypted !== null || !agent.useUserKey) {
    return agent.apiKeyEncrypted;
  }
  return store.credentials.findSecret(userId, engine);
}

/** Providers echo keys, and answers can be long: neither reaches the admin whole. */
function safe(text: string, apiKey: string | null): string {
  const redacted = redactKey(text.trim(), apiKey);
  return redacted.length <= MAX_REPORTED_CHARS
    ? redacted
    : `${redacted.slice(0, MAX_REPORTED_CHARS - 1)}…`;
}
