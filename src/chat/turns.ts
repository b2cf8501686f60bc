import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord, ConversationRecord, MessageRecord } from '../store/chat-store.ts';
import type { EngineMessage, EngineMetrics, EngineSettings, Usage } from './engines/engine.ts';
import { askEngine } from './engines/ask-engine.ts';
import { ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { agentNotFound } from './agents.ts';
import { findOwnedConversation, titleFrom } from './conversations.ts';
import { AnswerGate } from './answer-gate.ts';
import {
  enforceScanners,
  policiesFor,
  scanWith,
  type ScanningDeps,
  type TextToScan,
} from '../scanners/enforce.ts';
import type { ScannerPolicies } from '../scanners/policy.ts';
import type { ScanOutcome } from '../scanners/run-scanners.ts';
import { StreamingRestorer, Vault } from '../scanners/redaction.ts';
import { GENERAL_SCANNER_NAMES, type ScanResult } from '../vocabulary/scanners.ts';
import { engineSettingsFor } from './engine-settings.ts';
import { modelMessages } from './model-prompt.ts';
import { MAX_PROMPT_CHARS } from '../vocabulary/limits.ts';
import { EngineError } from './engines/engine.ts';
import type { NewActivityEvent } from '../store/activity-store.ts';
import { activityEvent, recordActivity, type ActivityActor } from '../activity/activity-events.ts';
import { promptEvent, recordTurn } from '../activity/record-turn.ts';
import { assertWithinBudgets } from '../usage/budgets.ts';
import type { ToolDeps } from '../tools/tool-deps.ts';
import type { AgentTool } from '../tools/agent-tool.ts';
import type { ToolCallRecord } from '../store/tools-store.ts';
import { DEFAULT_TOOL_STEPS } from '../vocabulary/tools.ts';
import { toolsForAgent, turnToolSet, unansweredNote, type ToolCallEvents } from './turn-tools.ts';

export interface ChatDeps extends ScanningDeps, ToolDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  engineTimeoutMs: number;
  fileContextChars: number;
  metrics: EngineMetrics;
}

/** A question about to go to the model, with all that was decided about it. */
export interface Turn {
  userId: string;
  agent: AgentRecord;
  conversation: ConversationRecord;
  /** False when this turn starts the conversation (stored with its first answer). */
  conversationExists: boolean;
  /** The question as the model sees it and the store keeps it: redacted by the scanners. */
  question: string;
  messages: EngineMessage[];
  settings: EngineSettings;
  /** The id the answer will be stored under, known before it streams. */
  answerId: string;
  policies: ScannerPolicies;
  /** This turn's placeholders: the answer shown to the user gets the originals back. */
  vault: Vault;
  promptScans: ScanResult[];
  clientIp: string | null;
  /** What the model may call; none for most agents. */
  tools: AgentTool[];
}

export interface TurnResult {
  conversationId: string;
  messageId: string;
  /** The answer as the user sees it: placeholders of the question restored. */
  answer: string;
  usage: Usage;
  scans: { prompt: ScanResult[]; answer: ScanResult[] };
  /** The tools the model called on the way to this answer, in order. */
  toolCalls: ToolCallRecord[];
}

/** How a turn reports itself as it runs: the answer's pieces, the tool calls. */
export interface TurnListeners extends ToolCallEvents {
  signal?: AbortSignal | undefined;
  onText?: ((text: string) => void) | undefined;
}

/**
 * Resolves agent and conversation for the user, builds what the model will receive and runs
 * the checks on the prompt. Nothing is stored yet: a turn that fails leaves no trace.
 */
export async function prepareTurn(
  deps: ChatDeps,
  userId: string,
  input: {
    agentId?: string | undefined;
    conversationId?: string | undefined;
    question: string;
    clientIp: string | null;
  },
): Promise<Turn> {
  const question = input.question.trim();
  if (!question || question.length > MAX_PROMPT_CHARS) {
    throw new ValidationError(`The question must be 1 to ${MAX_PROMPT_CHARS} characters`);
  }
  const existing =
    input.conversationId === undefined
      ? undefined
      : await findOwnedConversation(deps.store, userId, input.conversationId);
  const agentId = existing ? existing.agentId : input.agentId;
  if (existing && input.agentId !== undefined && input.agentId !== existing.agentId) {
    throw new ValidationError(
      `Conversation "${existing.id}" is with another agent; leave agentId out or start a new conversation`,
    );
  }
  if (agentId === null || agentId === undefined) {
    throw new ValidationError(
      existing ? `The agent of conversation "${existing.id}" was deleted` : 'agentId is required',
    );
  }
  const agent = await deps.store.agents.findUsable(agentId, userId);
  if (!agent) {
    throw agentNotFound(agentId);
  }
  await assertWithinBudgets(deps, userId, agent.id);
  const conversationId = existing?.id ?? generateId();
  const [history, files, settings, policies, tools] = await Promise.all([
    // The question itself is one of the agent's last N messages.
    existing ? deps.store.messages.latest(existing.id, agent.maxMessages - 1) : [],
    // A new conversation has no files yet, but the user's files for the agent count already.
    deps.store.files.listForContext(conversationId, agent.id, userId),
    engineSettingsFor(deps, agent, userId),
    policiesFor(deps.store, agent),
    toolsForAgent(deps, agent.id),
  ]);
  const vault = new Vault(history.map((message) => message.content));
  const scanned = await enforceScanners(
    deps,
    policies,
    {
      text: question,
      direction: 'prompt',
      userId,
      agent,
      conversationId: existing?.id ?? null,
      clientIp: input.clientIp,
    },
    vault,
  );
  const now = deps.clock.nowSeconds();
  const conversation = existing ?? {
    id: conversationId,
    userId,
    agentId,
    title: titleFrom(scanned.text),
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
  const messages = modelMessages({
    systemPrompt: agent.systemPrompt,
    history,
    files,
    question: scanned.text,
    fileContextChars: deps.fileContextChars,
  });
  return {
    userId,
    agent,
    conversation,
    conversationExists: existing !== undefined,
    question: scanned.text,
    messages,
    settings,
    answerId: generateId(),
    policies,
    vault,
    promptScans: scanned.results,
    clientIp: input.clientIp,
    tools,
  };
}

/**
 * Asks the model, handing each piece of the answer to `onText` as it arrives, then checks the
 * answer and stores question and answer together.
 */
export async function runTurn(
  deps: ChatDeps,
  turn: Turn,
  listeners: TurnListeners = {},
): Promise<TurnResult> {
  const actor = turnActor(turn);
  const prompt = await promptEvent(deps.clock.nowSeconds(), actor, {
    id: null,
    text: turn.question,
    scans: turn.promptScans,
  });
  try {
    return await answerTurn(deps, turn, prompt, listeners);
  } catch (error) {
    if (error instanceof EngineError) {
      await recordActivity(deps, [
        await activityEvent('provider_error', deps.clock.nowSeconds(), actor, {
          details: { kind: error.kind, message: error.message },
        }),
      ]);
    }
    throw error;
  }
}

function turnActor(turn: Turn): ActivityActor {
  return {
    userId: turn.userId,
    agent: turn.agent,
    conversationId: turn.conversation.id,
    clientIp: turn.clientIp,
  };
}

async function answerTurn(
  deps: ChatDeps,
  turn: Turn,
  prompt: NewActivityEvent,
  listeners: TurnListeners,
): Promise<TurnResult> {
  const { signal, onText } = listeners;
  // Placeholders the scanners put in the answer (and in tool results) are numbered after the
  // question's, so that restoring the question's originals never touches them.
  const answerVault = new Vault([...turn.messages.map((message) => message.content)]);
  // An agent without tools (the usual case) is asked as it always was.
  const tools =
    turn.tools.length === 0
      ? undefined
      : await turnToolSet(
          deps,
          turn.tools,
          {
            userId: turn.userId,
            agent: turn.agent,
            conversationId: turn.conversation.id,
            clientIp: turn.clientIp,
            policies: turn.policies,
            vault: answerVault,
            signal,
          },
          listeners,
        );
  const stream = askEngine(turn.settings, turn.messages, {
    signal,
    timeoutMs: deps.engineTimeoutMs,
    metrics: deps.metrics,
    ...(tools && {
      tools: tools.toolSet,
      maxSteps: turn.agent.maxToolSteps ?? DEFAULT_TOOL_STEPS,
    }),
  });
  const answerScan = (text: string): TextToScan => ({
    text,
    direction: 'answer',
    userId: turn.userId,
    agent: turn.agent,
    conversationId: turn.conversation.id,
    clientIp: turn.clientIp,
    // A blocked answer's question did reach the model: compliance sees what was asked.
    reached: [prompt],
    ...(signal && { signal }),
  });
  const restorer = new StreamingRestorer(turn.vault);
  const show = (text: string) => {
    const restored = restorer.push(text);
    if (restored) {
      onText?.(restored);
    }
  };
  const gate =
    onText && deps.runner.scansDirection(turn.policies, 'answer')
      ? new AnswerGate((soFar) => scanAnswerSoFar(deps, turn, answerScan(soFar), answerVault), show)
      : undefined;
  let raw = '';
  const push = async (text: string) => {
    raw += text;
    if (gate) {
      await gate.push(text);
    } else {
      show(text);
    }
  };
  for await (const text of stream.textStream) {
    await push(text);
  }
  const toolCalls = tools?.records ?? [];
  if (toolCalls.length > 0 && raw.trim() === '') {
    await push(unansweredNote(toolCalls, turn.agent.maxToolSteps ?? DEFAULT_TOOL_STEPS));
  }
  const usage = await stream.usage;
  const final = await enforceScanners(deps, turn.policies, answerScan(raw), answerVault);
  gate?.end(final);
  const rest = restorer.end();
  if (rest) {
    onText?.(rest);
  }
  await store(deps, turn, prompt, final, usage, toolCalls);
  return {
    conversationId: turn.conversation.id,
    messageId: turn.answerId,
    answer: turn.vault.restore(final.text),
    usage,
    scans: { prompt: turn.promptScans, answer: final.results },
    toolCalls,
  };
}

/**
 * A streamed answer's scan before it is complete: the general scanners only (the AI scanners
 * judge the whole answer at its end). What they block is refused at once, and recorded.
 */
async function scanAnswerSoFar(
  deps: ChatDeps,
  turn: Turn,
  input: TextToScan,
  vault: Vault,
): Promise<ScanOutcome> {
  const general = { ...input, only: GENERAL_SCANNER_NAMES };
  const outcome = await scanWith(deps, turn.policies, general, vault);
  return outcome.verdict === 'block'
    ? enforceScanners(deps, turn.policies, general, vault)
    : outcome;
}

async function store(
  deps: ChatDeps,
  turn: Turn,
  prompt: NewActivityEvent,
  answer: ScanOutcome,
  usage: Usage,
  toolCalls: ToolCallRecord[],
): Promise<void> {
  const now = deps.clock.nowSeconds();
  const { agent, conversation, userId } = turn;
  const common = {
    conversationId: conversation.id,
    createdAt: now,
    userId,
    agentId: agent.id,
    feedback: null,
  };
  const question: MessageRecord = {
    ...common,
    id: generateId(),
    role: 'user',
    content: turn.question,
    engine: null,
    model: null,
    promptTokens: null,
    completionTokens: null,
    scans: turn.promptScans,
    toolCalls: null,
  };
  const reply: MessageRecord = {
    ...common,
    id: turn.answerId,
    role: 'assistant',
    content: answer.text,
    engine: agent.engine,
    model: agent.model,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    scans: answer.results,
    toolCalls: toolCalls.length > 0 ? toolCalls : null,
  };
  await deps.store.transaction(async (store) => {
    if (!turn.conversationExists) {
      await store.conversations.insert(conversation);
    }
    await store.messages.append(conversation.id, [question, reply], now);
    await store.files.attachPending(conversation.id, question.id);
    await recordTurn(
      store,
      { ...prompt, at: now, messageId: question.id },
      {
        id: reply.id,
        text: reply.content,
        scans: answer.results,
        usage,
      },
    );
  });
  deps.activitySignal.notify();
}
