/**
 * One interface over every LLM engine an agent may use. The pipeline hands an engine the
 * messages to send and reads the answer as it streams; each adapter turns its provider's
 * failures into EngineError, so callers never see a provider's own error (or its key).
 */
import type { ToolSet } from 'ai';
import type { EngineName } from '../../vocabulary/engines.ts';

export interface EngineMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Everything an adapter needs to reach its provider, decrypted. */
export interface EngineSettings {
  engine: EngineName;
  /** The model id; for Azure OpenAI the deployment name. */
  model: string;
  /** Base URL of the provider's API; null: the provider's public default. */
  endpoint: string | null;
  /** AWS region (Bedrock only); null: taken from the endpoint, else us-east-1. */
  region: string | null;
  apiKey: string | null;
  temperature: number | null;
  maxOutputTokens: number | null;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** An answer as it arrives. Both reject with EngineError when the provider fails. */
export interface AnswerStream {
  textStream: AsyncIterable<string>;
  /** Settles once the text stream has ended. */
  usage: Promise<Usage>;
}

export interface AskOptions {
  /** Aborts the provider call (the client went away). */
  signal?: AbortSignal | undefined;
  /** Whole call, first byte to last; exceeded → EngineError 504. */
  timeoutMs: number;
  /** Told how the call ended; nothing when unset (tests of one engine). */
  metrics?: EngineMetrics | undefined;
  /** What the model may call (chat/turn-tools.ts); the call then runs over several steps. */
  tools?: ToolSet | undefined;
  /** Model steps at most when tools are given: each step's calls are answered in the next. */
  maxSteps?: number | undefined;
}

/** Why a provider call gave no whole answer: the provider's failure, or the caller stopping it. */
export type EngineFailure = EngineErrorKind | 'cancelled';

/** One provider call as it ended, for the server's metrics: names and numbers, never text. */
export interface EngineCallReport {
  engine: EngineName;
  /** The agent's model, a name its administrator chose. */
  model: string;
  seconds: number;
  /** The answer's, when it was read to its end. */
  usage: Usage | undefined;
  failure: EngineFailure | undefined;
}

export interface EngineMetrics {
  engineCall(report: EngineCallReport): void;
}

export type EngineErrorKind = 'unavailable' | 'timeout' | 'rate-limited';

/** A provider failure as the API reports it: 502, 504 or 429, naming the engine, never a key. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly engine: EngineName,
    readonly kind: EngineErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
