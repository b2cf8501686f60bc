import type { EngineName } from '../vocabulary/engines.ts';
import type { ScanResult } from '../vocabulary/scanners.ts';
import type { ToolCallRecord } from './tools-store.ts';

/** The chat part of the storage interface (see store.ts): agents, conversations, messages, files. */
export interface AgentRecord {
  id: string;
  name: string;
  description: string;
  engine: EngineName;
  model: string;
  endpoint: string | null;
  region: string | null;
  apiKeyEncrypted: string | null;
  apiKeyLast4: string | null;
  /** A custom secret's name: its value is the key (then apiKeyEncrypted is null). */
  apiKeySecret: string | null;
  useUserKey: boolean;
  systemPrompt: string;
  temperature: number | null;
  maxMessages: number;
  maxOutputTokens: number | null;
  /** Model steps a turn with tools may take; null: DEFAULT_TOOL_STEPS. */
  maxToolSteps: number | null;
  /** The agent's changes to the company's scanner defaults, by scanner (scanners/policy.ts). */
  scanners: Record<string, unknown>;
  /** Days after its last activity a conversation is archived; null: the company's setting. */
  archiveAfterDays: number | null;
  createdAt: number;
  updatedAt: number;
}

export type AgentChanges = Partial<Omit<AgentRecord, 'id' | 'createdAt'>>;

export interface AgentAssignments {
  userIds: string[];
  groupIds: string[];
}

export type Assignee = { userId: string } | { groupId: string };

export interface AgentRepository {
  /** Throws ConflictError when the name is taken (case-insensitively). */
  insert(agent: AgentRecord): Promise<void>;
  findById(id: string): Promise<AgentRecord | undefined>;
  /** Every agent by name, with whom it is assigned to. */
  list(): Promise<(AgentRecord & AgentAssignments)[]>;
  /** Undefined when absent; throws ConflictError when the new name is taken. */
  update(id: string, changes: AgentChanges): Promise<AgentRecord | undefined>;
  /** Deletes the agent and its assignments; its conversations stay. False when absent. */
  remove(id: string): Promise<boolean>;
  /** False when it already was assigned. */
  assign(agentId: string, to: Assignee, now: number): Promise<boolean>;
  /** False when it was not assigned. */
  unassign(agentId: string, from: Assignee): Promise<boolean>;
  /** Agents the user may use: assigned directly, through a group, or the user's default; by name. */
  listUsable(userId: string): Promise<(AgentRecord & { isDefault: boolean })[]>;
  /** The agent when the user may use it, else undefined (absent and forbidden look alike). */
  findUsable(agentId: string, userId: string): Promise<AgentRecord | undefined>;
  /** Sets or clears the user's default agent; false when the user does not exist. */
  setDefault(userId: string, agentId: string | null): Promise<boolean>;
}

/** A default agent: server-wide when `groupId` is null, else given on joining that group. */
export interface DefaultAgentRecord {
  agentId: string;
  agentName: string;
  groupId: string | null;
  groupName: string | null;
  addedAt: number;
}

/** `groupId: null` means the server-wide list throughout. */
export interface DefaultAgentRepository {
  /** Server-wide first, then by group name; by agent name within each. */
  list(): Promise<DefaultAgentRecord[]>;
  /** False when it already was a default there. */
  add(agentId: string, groupId: string | null, now: number): Promise<boolean>;
  /** False when it was not a default there. */
  remove(agentId: string, groupId: string | null): Promise<boolean>;
  /** Assigns the list's agents to the user (those already assigned stay); how many were new. */
  giveToUser(userId: string, groupId: string | null, now: number): Promise<number>;
  /** Assigns one agent to every user, or every member of the group; how many were new. */
  giveToEveryone(agentId: string, groupId: string | null, now: number): Promise<number>;
}

export interface ConversationRecord {
  id: string;
  userId: string;
  agentId: string | null;
  title: string;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationQuery {
  userId: string;
  agentId?: string | undefined;
  /** Case-insensitive substring of the title or a metadata value. */
  search?: string | undefined;
  limit: number;
  offset: number;
}

export interface ConversationRepository {
  insert(conversation: ConversationRecord): Promise<void>;
  /** Only the owner's: another user's conversation is undefined, like a missing one. */
  findOwned(id: string, userId: string): Promise<ConversationRecord | undefined>;
  /** Newest activity first. */
  list(query: ConversationQuery): Promise<ConversationRecord[]>;
  /**
   * Changes the owner's conversation and returns it; undefined when it is not theirs. Leaves
   * `updatedAt` alone: that is the last chat activity, which lists are ordered by.
   */
  update(
    id: string,
    userId: string,
    changes: ConversationChanges,
  ): Promise<ConversationRecord | undefined>;
  /** Deletes the owner's conversation with its messages and files; false when not theirs. */
  remove(id: string, userId: string): Promise<boolean>;
}

export type ConversationChanges = Partial<Pick<ConversationRecord, 'title' | 'metadata'>>;

export type MessageRole = 'user' | 'assistant';

export interface Feedback {
  rating: number;
  comment: string | null;
  at: number;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  createdAt: number;
  userId: string;
  agentId: string | null;
  engine: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  feedback: Feedback | null;
  /** What the scanners found in this text; null when none ran. */
  scans: ScanResult[] | null;
  /** The tools the model called for this answer, in order; null when it called none. */
  toolCalls: ToolCallRecord[] | null;
}

export interface MessageRepository {
  /**
   * Appends the messages to the conversation in order, in one transaction that also marks the
   * conversation active at `now`; concurrent appends to one conversation queue up.
   */
  append(conversationId: string, messages: readonly MessageRecord[], now: number): Promise<void>;
  /** The conversation's last `count` messages, oldest first. */
  latest(conversationId: string, count: number): Promise<MessageRecord[]>;
  /** All of them, oldest first. */
  list(conversationId: string): Promise<MessageRecord[]>;
  /** The message when it is in one of the user's conversations. */
  findOwned(id: string, userId: string): Promise<MessageRecord | undefined>;
  setFeedback(id: string, feedback: Feedback): Promise<void>;
}

export interface FileRecord {
  id: string;
  /**
   * Whose personal file it is, read only in that user's conversations; null for an agent's
   * knowledge file, shared with every user of the agent.
   */
  userId: string | null;
  /** Who uploaded it; null once that user was deleted. */
  uploadedBy: string | null;
  conversationId: string | null;
  agentId: string | null;
  messageId: string | null;
  name: string;
  mediaType: string;
  sizeBytes: number;
  text: string;
  createdAt: number;
}

export type FileSummary = Omit<FileRecord, 'text'>;

export interface FileRepository {
  insert(file: FileRecord): Promise<void>;
  /** Any file, whoever's; the caller decides who may see it. */
  findById(id: string): Promise<FileSummary | undefined>;
  /**
   * What the model may read for a question, oldest first: the conversation's files, the agent's
   * shared files and the user's own files for the agent.
   */
  listForContext(
    conversationId: string,
    agentId: string | null,
    userId: string,
  ): Promise<FileRecord[]>;
  /** The conversation's files, oldest first, without their text. */
  listForConversation(conversationId: string): Promise<FileSummary[]>;
  /**
   * The agent's files, oldest first, without their text: every one, or with `userId` only the
   * shared ones and that user's own.
   */
  listForAgent(agentId: string, userId?: string): Promise<FileSummary[]>;
  /** Links the conversation's files not yet sent with a message to this one. */
  attachPending(conversationId: string, messageId: string): Promise<void>;
  remove(id: string): Promise<boolean>;
}
