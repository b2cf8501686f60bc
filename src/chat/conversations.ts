import { activityEvent } from '../activity/activity-events.ts';
import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { ConversationRecord, FileSummary, MessageRecord } from '../store/chat-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';
import { agentNotFound } from './agents.ts';
import { MAX_NAME_CHARS } from '../vocabulary/limits.ts';
import type { ScanningDeps } from '../scanners/enforce.ts';
import { scanLabels } from './title-scans.ts';
import { assertNotHeld, unlessHeldMeanwhile } from '../compliance/holds.ts';

export interface ConversationsDeps extends ScanningDeps {
  store: Store;
  clock: Clock;
}

type MetadataInput = Record<string, string | number | boolean>;

export interface CreateConversationInput {
  agentId: string;
  title?: string | undefined;
  metadata?: MetadataInput | undefined;
}

export interface MessageWithFiles extends MessageRecord {
  files: FileSummary[];
}

export interface ConversationDetail extends ConversationRecord {
  messages: MessageWithFiles[];
  files: FileSummary[];
}

const MAX_METADATA_KEYS = 50;
const MAX_METADATA_CHARS = 1000;

/** Starts a conversation of the user with an agent the user may use. */
export async function createConversation(
  deps: ConversationsDeps,
  userId: string,
  input: CreateConversationInput,
  clientIp: string | null,
): Promise<ConversationRecord> {
  const { store, clock } = deps;
  const agent = await store.agents.findUsable(input.agentId, userId);
  if (!agent) {
    throw agentNotFound(input.agentId);
  }
  const labels = await scanLabels(
    deps,
    { userId, agent, conversationId: null, clientIp },
    { title: parseTitle(input.title ?? ''), metadata: parseMetadata(input.metadata ?? {}) },
  );
  const now = clock.nowSeconds();
  const conversation: ConversationRecord = {
    id: generateId(),
    userId,
    agentId: input.agentId,
    title: labels.title ?? '',
    metadata: labels.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
  await store.conversations.insert(conversation);
  return conversation;
}

/** A title from the first words of a question, for conversations AskAgent starts. */
export function titleFrom(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 80 ? oneLine : `${oneLine.slice(0, 79)}…`;
}

/**
 * The user's conversations, newest activity first. An agent the user may not use (or that does
 * not exist) is 404 rather than an empty list, so that a wrong id is not mistaken for "none yet".
 */
export async function listConversations(
  { store }: Pick<ConversationsDeps, 'store'>,
  userId: string,
  input: PageInput & { agentId?: string | undefined; metadataSearch?: string | undefined },
): Promise<ConversationRecord[]> {
  const { limit, offset } = parsePage(input);
  // `?agentId=` is no filter, as ASP.NET binds an empty value to null.
  const agentId = input.agentId || undefined;
  if (agentId !== undefined && !(await store.agents.findUsable(agentId, userId))) {
    throw agentNotFound(agentId);
  }
  if (limit === 0) {
    return [];
  }
  return store.conversations.list({
    userId,
    agentId,
    search: input.metadataSearch?.trim(),
    limit,
    offset,
  });
}

export async function getConversation(
  { store }: Pick<ConversationsDeps, 'store'>,
  userId: string,
  conversationId: string,
): Promise<ConversationDetail> {
  const conversation = await findOwnedConversation(store, userId, conversationId);
  const [messages, files] = await Promise.all([
    store.messages.list(conversationId),
    store.files.listForConversation(conversationId),
  ]);
  return {
    ...conversation,
    messages: messages.map((message) => ({
      ...message,
      files: files.filter((file) => file.messageId === message.id),
    })),
    files,
  };
}

export interface UpdateConversationInput {
  conversationId: string;
  title?: string | undefined;
  metadata?: MetadataInput | undefined;
}

/**
 * Renames the owner's conversation and/or replaces its metadata, by CreateConversation's rules.
 * Not chat activity: `updatedAt` and so the conversation's place in the lists stay.
 */
export async function updateConversation(
  deps: ConversationsDeps,
  userId: string,
  input: UpdateConversationInput,
  clientIp: string | null,
): Promise<ConversationRecord> {
  if (input.title === undefined && input.metadata === undefined) {
    throw new ValidationError('Give title, metadata or both');
  }
  const { store } = deps;
  const current = await findOwnedConversation(store, userId, input.conversationId);
  const agent = current.agentId ? await store.agents.findById(current.agentId) : undefined;
  const labels = await scanLabels(
    deps,
    { userId, agent: agent ?? null, conversationId: current.id, clientIp },
    {
      ...(input.title !== undefined && { title: parseTitle(input.title) }),
      ...(input.metadata !== undefined && { metadata: parseMetadata(input.metadata) }),
    },
  );
  const updated = await store.conversations.update(input.conversationId, userId, labels);
  if (!updated) {
    throw conversationNotFound(input.conversationId);
  }
  return updated;
}

/** Deletes the owner's conversation with its messages, their feedback and its files. */
export async function deleteConversation(
  deps: Pick<ConversationsDeps, 'store' | 'clock' | 'activitySignal'>,
  userId: string,
  conversationId: string,
  clientIp: string | null,
): Promise<void> {
  const conversation = await findOwnedConversation(deps.store, userId, conversationId);
  const what = 'The conversation cannot be deleted';
  await assertNotHeld(deps.store, [conversationId], what);
  const agent = conversation.agentId
    ? await deps.store.agents.findById(conversation.agentId)
    : undefined;
  const event = await activityEvent(
    'conversation_deleted',
    deps.clock.nowSeconds(),
    { userId, agent: agent ?? null, conversationId, clientIp },
    { text: conversation.title },
  );
  const removed = await unlessHeldMeanwhile(what, () =>
    deps.store.transaction(async (trx) => {
      if (!(await trx.conversations.remove(conversationId, userId))) {
        return false;
      }
      await trx.activity.record([event]);
      return true;
    }),
  );
  if (!removed) {
    throw conversationNotFound(conversationId);
  }
  deps.activitySignal.notify();
}

/** Another user's conversation is as absent as a missing one. */
export async function findOwnedConversation(
  store: Store,
  userId: string,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await store.conversations.findOwned(conversationId, userId);
  if (!conversation) {
    throw conversationNotFound(conversationId);
  }
  return conversation;
}

function conversationNotFound(conversationId: string): NotFoundError {
  return new NotFoundError(`No conversation with id "${conversationId}"`);
}

function parseTitle(input: string): string {
  const title = input.trim();
  if (title.length > MAX_NAME_CHARS) {
    throw new ValidationError(`title must be at most ${MAX_NAME_CHARS} characters`);
  }
  return title || 'New conversation';
}

function parseMetadata(input: MetadataInput): Record<string, string> {
  const entries = Object.entries(input);
  if (entries.length > MAX_METADATA_KEYS) {
    throw new ValidationError(`metadata may have at most ${MAX_METADATA_KEYS} keys`);
  }
  for (const [key, value] of entries) {
    if (key.length > 100 || String(value).length > MAX_METADATA_CHARS) {
      throw new ValidationError(
        `metadata keys must be at most 100 and values ${MAX_METADATA_CHARS} characters`,
      );
    }
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}
