import type { Selectable } from 'kysely';
import type { ConversationsTable, FilesTable, MessagesTable } from './schema.ts';

/** The data-archive part of the storage interface (see store.ts): rows out and back, holds, leases. */

/**
 * A conversation's rows exactly as stored: the conversation, its messages (their feedback in
 * them) and its files (their extracted text in them; the original bytes are never kept). What an
 * archive line holds, so that a restore puts back what the API showed, byte for byte.
 */
export interface ConversationRows {
  conversation: Selectable<ConversationsTable>;
  messages: Selectable<MessagesTable>[];
  files: Selectable<FilesTable>[];
}

/** A conversation due for the archive: its id and last activity (the keyset of the walk). */
export interface DueConversation {
  id: string;
  updatedAt: number;
}

export interface DueQuery {
  now: number;
  /** The company's archiveAfterDays; null: only agents with their own setting archive. */
  companyDays: number | null;
  limit: number;
  /** Keyset: only conversations after this one, oldest activity first. */
  after?: DueConversation | undefined;
}

export type RestoreOutcome = 'restored' | 'present' | 'ownerMissing';

export type HoldKind = 'conversations' | 'search';

export interface HoldRecord {
  id: string;
  name: string;
  kind: HoldKind;
  /** The listed conversations (kind 'conversations'); empty for a search hold. */
  conversationIds: string[];
  /** The saved search the hold was placed from, and its criteria as they were then. */
  searchId: string | null;
  criteria: Record<string, unknown> | null;
  createdBy: string | null;
  createdAt: number;
}

export interface ArchiveRepository {
  /**
   * Conversations whose last activity is older than their agent's archiveAfterDays, else the
   * company's, at `now`; oldest first.
   */
  listDue(query: DueQuery): Promise<DueConversation[]>;
  /**
   * The rows of these conversations (absent ones left out), in the order asked. Inside a
   * transaction on PostgreSQL their rows are locked until it ends.
   */
  readRows(conversationIds: readonly string[]): Promise<ConversationRows[]>;
  /** Deletes these conversations (cascading to their rows), except held ones; how many. */
  deleteUnheld(conversationIds: readonly string[]): Promise<number>;
  /**
   * Inserts an archived conversation unless one with its id exists. An agent or uploader since
   * deleted is left out (null), as their deletion would have done; a deleted owner refuses it.
   */
  restore(rows: ConversationRows): Promise<RestoreOutcome>;
  /** The user's conversation ids (user deletion checks them against holds). */
  conversationIdsOf(userId: string): Promise<string[]>;

  /** The caller checked that its conversations exist (a foreign key refuses others). */
  insertHold(hold: HoldRecord): Promise<void>;
  listHolds(): Promise<HoldRecord[]>;
  findHold(id: string): Promise<HoldRecord | undefined>;
  /** False when there is no such hold. */
  deleteHold(id: string): Promise<boolean>;
  /** Which of these conversations a listed hold names. */
  heldByList(conversationIds: readonly string[]): Promise<string[]>;
  /** The ids of these conversations that exist. */
  existing(conversationIds: readonly string[]): Promise<string[]>;

  /**
   * Takes the named lease for `holder` until `expiresAt` when it is free or expired at `now`
   * (one statement: of concurrent takers at most one wins); true when taken.
   */
  takeLease(name: string, holder: string, now: number, expiresAt: number): Promise<boolean>;
  /** Extends the holder's lease; false when it is no longer theirs. */
  renewLease(name: string, holder: string, expiresAt: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}
