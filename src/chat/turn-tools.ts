import { performance } from 'node:perf_hooks';
import type { ToolSet } from 'ai';
import type { AgentRecord } from '../store/chat-store.ts';
import type { ToolCallRecord } from '../store/tools-store.ts';
import type { AgentTool, ToolOutput } from '../tools/agent-tool.ts';
import type { ToolDeps } from '../tools/tool-deps.ts';
import { customApiTool } from '../tools/custom-apis/custom-api-tool.ts';
import { customDatabaseTools } from '../tools/custom-databases/database-tools.ts';
import { MAX_TOOL_CALLS_PER_TURN, MAX_TOOL_RESULT_CHARS } from '../vocabulary/tools.ts';
import { ScanBlockedError } from '../lib/errors.ts';
import {
  enforceScanners,
  scanWith,
  type ScanningDeps,
  type TextToScan,
} from '../scanners/enforce.ts';
import type { ScannerPolicies } from '../scanners/policy.ts';
import type { ScanOutcome } from '../scanners/run-scanners.ts';
import type { Vault } from '../scanners/redaction.ts';
import { loadSdk } from './engines/sdk-modules.ts';

/**
 * The tools the agent's model may call: its custom APIs, then its databases' queries. An agent
 * without tools costs this one small query (and its turns run as they always did).
 */
export async function toolsForAgent(deps: ToolDeps, agentId: string): Promise<AgentTool[]> {
  const { customApiIds, customDatabaseIds } = await deps.store.agentTools.find(agentId);
  if (customApiIds.length === 0 && customDatabaseIds.length === 0) {
    return [];
  }
  const [apis, databases] = await Promise.all([
    Promise.all(customApiIds.map((id) => deps.store.customApis.findById(id))),
    Promise.all(customDatabaseIds.map((id) => deps.store.customDatabases.findById(id))),
  ]);
  const tools = [
    ...apis.filter((api) => api !== undefined).map((api) => customApiTool(deps, api)),
    ...databases.filter((db) => db !== undefined).flatMap((db) => customDatabaseTools(deps, db)),
  ];
  // Names are unique per kind, not across kinds: the model could not tell two of one name apart.
  return tools.filter((tool, index) => tools.findIndex((t) => t.name === tool.name) === index);
}

/** What a turn's tool calls need to know of the turn. */
export interface ToolTurn {
  userId: string;
  agent: AgentRecord;
  conversationId: string;
  clientIp: string | null;
  policies: ScannerPolicies;
  /**
   * Placeholders for what the scanners redact from results: numbered after the prompt's, and
   * never restored (what a tool returned is no text the user gave).
   */
  vault: Vault;
  signal?: AbortSignal | undefined;
}

/** A call as it starts (the SSE `tool-call` event). */
export interface ToolCallStart {
  id: string;
  tool: string;
  arguments: unknown;
}

export interface ToolCallEvents {
  onToolCall?: ((call: ToolCallStart) => void) | undefined;
  /** The call's record, as stored (the SSE `tool-result` event). */
  onToolResult?: ((record: ToolCallRecord) => void) | undefined;
}

export interface TurnTools {
  toolSet: ToolSet;
  /** The turn's calls so far, in the order they started; each complete once it has ended. */
  records: ToolCallRecord[];
}

const SPENT = `The call budget of this turn (${MAX_TOOL_CALLS_PER_TURN} calls) is spent; answer with what you have`;

/**
 * The AI SDK's tools for one turn. Each call counts against the turn's budget, runs, has its
 * result scanned as a file's text is (a block withholds it, redactions replace what they found)
 * and is recorded. The model reads the text, or `Error: …` in words it can act on.
 */
export async function turnToolSet(
  deps: ScanningDeps,
  tools: readonly AgentTool[],
  turn: ToolTurn,
  events: ToolCallEvents = {},
): Promise<TurnTools> {
  const { tool, jsonSchema } = await loadSdk();
  const records: ToolCallRecord[] = [];
  const toolSet: ToolSet = {};
  for (const agentTool of tools) {
    toolSet[agentTool.name] = tool<unknown, string>({
      description: agentTool.description,
      inputSchema: jsonSchema<unknown>(agentTool.inputSchema),
      execute: async (args, { toolCallId, abortSignal }) => {
        const started = performance.now();
        const record: ToolCallRecord = {
          id: toolCallId,
          tool: agentTool.name,
          kind: agentTool.kind,
          arguments: args,
          status: 'error',
          result: null,
          error: 'The call did not end',
          scans: null,
          startedAt: deps.clock.nowSeconds(),
          durationMs: 0,
        };
        // Counted before anything is awaited: calls of one step run side by side.
        records.push(record);
        events.onToolCall?.({ id: toolCallId, tool: agentTool.name, arguments: args });
        // The SDK's signal is the provider call's: it also ends at the engine's timeout.
        const signal = abortSignal ?? turn.signal ?? new AbortController().signal;
        const outcome: Screened =
          records.length > MAX_TOOL_CALLS_PER_TURN
            ? { status: 'blocked', result: null, error: SPENT, scans: null }
            : await screened(deps, turn, await runTool(agentTool, args, turn, signal), signal);
        Object.assign(record, outcome);
        record.durationMs = Math.round(performance.now() - started);
        events.onToolResult?.(record);
        return record.result ?? `Error: ${record.error}`;
      },
    });
  }
  return { toolSet, records };
}

async function runTool(
  tool: AgentTool,
  args: unknown,
  turn: ToolTurn,
  signal: AbortSignal,
): Promise<ToolOutput> {
  try {
    return await tool.run(args, { userId: turn.userId, signal });
  } catch (error) {
    // The turn is over: whoever ended it says why.
    if (signal.aborted) {
      throw error;
    }
    // A fault of ours, not the tool's answer: the model is told it failed, in few words.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The call failed unexpectedly: ${message.slice(0, 200)}` };
  }
}

type Screened = Pick<ToolCallRecord, 'status' | 'result' | 'error' | 'scans'>;

/** A result (or a failure's words, which may quote the API) through the scanners. */
async function screened(
  deps: ScanningDeps,
  turn: ToolTurn,
  output: ToolOutput,
  signal: AbortSignal,
): Promise<Screened> {
  const text = capped(output.ok ? output.text : output.error);
  const input: TextToScan = {
    text,
    direction: 'file',
    userId: turn.userId,
    agent: turn.agent,
    conversationId: turn.conversationId,
    clientIp: turn.clientIp,
    signal,
  };
  const outcome = await scanWith(deps, turn.policies, input, turn.vault);
  if (outcome.verdict === 'block') {
    await recordBlock(deps, turn, input);
    return { status: 'blocked', result: null, error: withheld(outcome), scans: outcome.results };
  }
  return output.ok
    ? { status: 'ok', result: outcome.text, error: null, scans: outcome.results }
    : { status: 'error', result: null, error: outcome.text, scans: outcome.results };
}

/** Recorded as any blocked text is (the activity record, monitoring); the turn goes on. */
async function recordBlock(deps: ScanningDeps, turn: ToolTurn, input: TextToScan): Promise<void> {
  try {
    await enforceScanners(deps, turn.policies, input, turn.vault);
  } catch (error) {
    if (!(error instanceof ScanBlockedError)) {
      throw error;
    }
  }
}

function withheld(outcome: ScanOutcome): string {
  const scanners = outcome.results
    .filter((result) => result.verdict === 'block')
    .map((result) => result.scanner);
  return `Withheld: the ${scanners.join(' and ')} scanner blocked this result`;
}

/**
 * Said for a model that used its steps calling tools and never answered in words: the user gets
 * more than an empty answer, and learns what to change.
 */
export function unansweredNote(calls: readonly ToolCallRecord[], steps: number): string {
  return (
    `The agent made ${calls.length} tool call${calls.length === 1 ? '' : 's'} in its ` +
    `${steps} step${steps === 1 ? '' : 's'} and had no answer yet; ask a narrower question, or ` +
    "ask an admin to raise the agent's tool steps."
  );
}

function capped(text: string): string {
  return text.length <= MAX_TOOL_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_TOOL_RESULT_CHARS)}\n[cut at ${MAX_TOOL_RESULT_CHARS} characters]`;
}
