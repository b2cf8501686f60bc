import { ValidationError } from '../lib/errors.ts';
import { parseUrl } from '../lib/parse-url.ts';
import { parseName } from '../users/user-input.ts';
import { ENGINE_NAMES, type EngineName } from '../vocabulary/engines.ts';
import { MAX_TOOL_STEPS } from '../vocabulary/tools.ts';
import {
  MAX_DESCRIPTION_CHARS,
  MAX_NAME_CHARS,
  MAX_PROMPT_CHARS,
  MAX_SECRET_CHARS,
} from '../vocabulary/limits.ts';

/** An agent as an admin describes it; every field but name, engine and model has a default. */
export interface AgentInput {
  name?: string | undefined;
  description?: string | undefined;
  engine?: string | undefined;
  model?: string | undefined;
  endpoint?: string | null | undefined;
  region?: string | null | undefined;
  /** Write-only; null clears it. */
  apiKey?: string | null | undefined;
  /** A custom secret's name, whose value is the key; null stops using it. */
  apiKeySecret?: string | null | undefined;
  useUserKey?: boolean | undefined;
  systemPrompt?: string | undefined;
  temperature?: number | null | undefined;
  maxMessages?: number | undefined;
  maxOutputTokens?: number | null | undefined;
  /** Changes to the company's scanner defaults for this agent; null or {}: none. */
  scanners?: Record<string, unknown> | null | undefined;
  /** Days after its last activity a conversation is archived; null: the company's setting. */
  archiveAfterDays?: number | null | undefined;
  /** The custom APIs it may call, by name; given, the list replaces the agent's. */
  customApis?: readonly string[] | undefined;
  /** The custom databases it may query, by name; given, the list replaces the agent's. */
  customDatabases?: readonly string[] | undefined;
  /** Model steps a turn with tools may take; null: DEFAULT_TOOL_STEPS. */
  maxToolSteps?: number | null | undefined;
}

export const DEFAULT_MAX_MESSAGES = 20;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function parseEngine(input: string): EngineName {
  const engine = ENGINE_NAMES.find((name) => name === input.trim().toLowerCase());
  if (!engine) {
    throw new ValidationError(`Unknown engine "${input}": engines are ${ENGINE_NAMES.join(', ')}`);
  }
  return engine;
}

export function parseModel(input: string): string {
  const model = input.trim();
  if (!model || model.length > MAX_NAME_CHARS) {
    throw new ValidationError(
      `model must be 1 to ${MAX_NAME_CHARS} characters (for Azure OpenAI, the deployment name)`,
    );
  }
  return model;
}

/** The provider's base URL: http(s), no credentials in it (they belong in apiKey). */
export function parseEndpoint(input: string | null): string | null {
  const raw = input?.trim();
  if (!raw) {
    return null;
  }
  const url = parseUrl(raw);
  if (!url) {
    throw new ValidationError(`endpoint "${raw}" is not an absolute URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw new ValidationError('endpoint must be an http(s) URL without user or password in it');
  }
  return raw.replace(/\/+$/, '');
}

export function parseRegion(input: string | null): string | null {
  const region = input?.trim();
  if (!region) {
    return null;
  }
  if (!REGION.test(region)) {
    throw new ValidationError(`region "${region}" is not an AWS region such as us-east-1`);
  }
  return region;
}

export function parseApiKey(input: string | null): string | null {
  const key = input?.trim();
  if (!key) {
    return null;
  }
  if (key.length > MAX_SECRET_CHARS) {
    throw new ValidationError(`apiKey must be at most ${MAX_SECRET_CHARS} characters`);
  }
  return key;
}

export function parseSystemPrompt(input: string): string {
  if (input.length > MAX_PROMPT_CHARS) {
    throw new ValidationError(`systemPrompt must be at most ${MAX_PROMPT_CHARS} characters`);
  }
  return input.trim();
}

export function parseTemperature(input: number | null): number | null {
  if (input !== null && !(input >= 0 && input <= 2)) {
    throw new ValidationError('temperature must be from 0 to 2');
  }
  return input;
}

export function parseMaxMessages(input: number): number {
  if (!Number.isInteger(input) || input < 1 || input > 1000) {
    throw new ValidationError('maxMessages must be a whole number from 1 to 1000');
  }
  return input;
}

export function parseMaxOutputTokens(input: number | null): number | null {
  if (input !== null && (!Number.isInteger(input) || input < 1 || input > 1_000_000)) {
    throw new ValidationError('maxOutputTokens must be a whole number from 1 to 1000000');
  }
  return input;
}

export function parseMaxToolSteps(input: number | null): number | null {
  if (input !== null && (!Number.isInteger(input) || input < 1 || input > MAX_TOOL_STEPS)) {
    throw new ValidationError(
      `maxToolSteps must be a whole number from 1 to ${MAX_TOOL_STEPS}, or null for the default`,
    );
  }
  return input;
}

export function parseDescription(input: string): string {
  const description = input.trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(`description must be at most ${MAX_DESCRIPTION_CHARS} characters`);
  }
  return description;
}

export { parseName };
