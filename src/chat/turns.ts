import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord, ConversationRecord, MessageRecord } from '../store/chat-store.ts';
import type { EngineMessage, EngineSettings, Usage } from './engines/engine.ts';
import { askEngine } from './engines/ask-engine.ts';
import { ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { agentNotFound } from './agents.ts';
import { findOwnedConversation, titleFrom } from './conversations.ts';
import { checkAnswer, checkPrompt, type ChatCheck } from './chat-checks.ts';
import { engineSettingsFor } from './engine-settings.ts';
import { modelMessages } from './model-prompt.ts';
import { MAX_PROMPT_CHARS } from '../vocabulary/limits.ts';

export interface ChatDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  engineTimeoutMs: number;
  fileContextChars: number;
  checks: readonly ChatCheck[];
}

/** A question about to go to the model, with all that was decided about it. */
export interface Turn {
  userId: string;
  agent: AgentRecord;
  conversation: ConversationRecord;
  /** False when this turn starts the conversation (stored with its first answer). */
  conversationExists: boolean;
  question: string;
  messages: EngineMessage[];
  settings: EngineSettings;
  /** The id the answer will be stored under, known before it streams. */
  answerId: string;
}

export interface TurnResult {
  conversationId: string;
  messageId: string;
  answer: string;
  usage: Usage;
}

/**
 * Resolves agent and conversation for the user, builds what the model will receive and runs
 * the checks on the prompt. Nothing is stored yet: a turn that fails leaves no trace.
 */
export async function prepareTurn(
  deps: ChatDeps,
  userId: string,
  input: { agentId?: string | undefined; conversationId?: string | undefined; question: string },
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
  const now = deps.clock.nowSeconds();
  const conversation = existing ?? {
    id: generateId(),
    userId,
    agentId,
    title: titleFrom(question),
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
  const [history, files, settings] = await Promise.all([
    // The question itself is one of the agent's last N messages.
    existing ? deps.store.messages.latest(existing.id, agent.maxMessages - 1) : [],
    // A new conversation has no files yet, but the user's files for the agent count already.
    deps.store.files.listForContext(conversation.id, agent.id, userId),
    engineSettingsFor(deps.store, deps.masterKey, agent, userId),
  ]);
  const messages = modelMessages({
    systemPrompt: agent.systemPrompt,
    history,
    files,
    question,
    fileContextChars: deps.fileContextChars,
  });
  await checkPrompt(deps.checks, { userId, agent, conversationId: conversation.id, question });
  return {
    userId,
    agent,
    conversation,
    conversationExists: existing !== undefined,
    question,
    messages,
    settings,
    answerId: generateId(),
  };
}

/**
 * Asks the model, handing each piece of the answer to `onText` as it arrives, then checks the
 * answer and stores question and answer together.
 */
export async function runTurn(
  deps: ChatDeps,
  turn: Turn,
  { signal, onText }: { signal?: AbortSignal; onText?: (text: string) => void } = {},
): Promise<TurnResult> {
  const stream = askEngine(turn.settings, turn.messages, {
    signal,
    timeoutMs: deps.engineTimeoutMs,
  });
  let answer = '';
  for await (const text of stream.textStream) {
    answer += text;
    onText?.(text);
  }
  const usage = await stream.usage;
  const { userId, agent, conversation, question } = turn;
  await checkAnswer(deps.checks, {
    userId,
    agent,
    conversationId: conversation.id,
    question,
    answer,
  });
  await store(deps, turn, answer, usage);
  return { conversationId: conversation.id, messageId: turn.answerId, answer, usage };
}

async function store(deps: ChatDeps, turn: Turn, answer: string, usage: Usage): Promise<void> {
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
  };
  const reply: MessageRecord = {
    ...common,
    id: turn.answerId,
    role: 'assistant',
    content: answer,
    engine: agent.engine,
    model: agent.model,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
  };
  await deps.store.transaction(async (store) => {
    if (!turn.conversationExists) {
      await store.conversations.insert(conversation);
    }
    await store.messages.append(conversation.id, [question, reply], now);
    await store.files.attachPending(conversation.id, question.id);
  });
}
