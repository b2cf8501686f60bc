import type { JSONSchema7 } from 'ai';

/**
 * One thing an agent's model may call, whatever it reaches (a custom API, a database query):
 * what the model is told, and how a call runs. The chat turn wraps each in the AI SDK's tool,
 * with the call budget, the scanners and the record (chat/turn-tools.ts).
 */
export interface AgentTool {
  name: string;
  kind: 'api' | 'database';
  /** Told to the model. */
  description: string;
  /** The arguments the model may give, as a JSON Schema object. */
  inputSchema: JSONSchema7;
  run(args: unknown, context: ToolCallContext): Promise<ToolOutput>;
}

export interface ToolCallContext {
  /** Who chats: a userToken API sends this user's token. */
  userId: string;
  /** Aborted when the turn is (the client left, the engine timed out). */
  signal: AbortSignal;
}

/**
 * A call's outcome as the model will read it. A failure is an answer too (the model is told
 * what went wrong in words it can act on), never a thrown error: only faults of ours throw.
 */
export type ToolOutput = { ok: true; text: string } | { ok: false; error: string };
