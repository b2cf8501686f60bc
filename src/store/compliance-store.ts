import type { ActivityEventRecord } from './activity-store.ts';
import type { QueryTerm } from '../compliance/search-query.ts';

/** The compliance part of the storage interface (see store.ts): search over the activity record. */

/** Which events a search shows; each filter left out (or empty) shows all. */
export interface ActivityFilters {
  terms: readonly QueryTerm[];
  userIds: readonly string[];
  /** Events of the groups' current members. */
  groupIds: readonly string[];
  agentIds: readonly string[];
  /** Unix seconds: from `since` (inclusive) to `until` (exclusive). */
  since?: number | undefined;
  until?: number | undefined;
  kinds: readonly string[];
  /** Events one of these scanners did not pass (with a finding). */
  scanners: readonly string[];
  verdicts: readonly string[];
  findingTypes: readonly string[];
  ratings: readonly number[];
}

export interface ActivityHit extends ActivityEventRecord {
  userEmail: string | null;
  userName: string | null;
  agentName: string | null;
}

export interface ConversationActivity {
  /** Null once the conversation was deleted. */
  conversation: { title: string; userId: string } | null;
  events: ActivityHit[];
}

export interface SavedSearchRecord {
  id: string;
  name: string;
  /** The search's criteria, as the API takes them (JSON). */
  criteria: Record<string, unknown>;
  ownerId: string;
  createdAt: number;
  updatedAt: number;
}

export interface ComplianceRepository {
  /** Matching events newest first, `limit` of them, recorded before `beforeSeq` when given. */
  search(filters: ActivityFilters, limit: number, beforeSeq?: number): Promise<ActivityHit[]>;
  /** Which of these conversations have an event the filters match (a compliance hold's test). */
  conversationsMatching(
    filters: ActivityFilters,
    conversationIds: readonly string[],
  ): Promise<string[]>;
  /** Every event of a conversation in recording order, deleted conversations' included. */
  conversation(conversationId: string): Promise<ConversationActivity>;
  listSearches(): Promise<SavedSearchRecord[]>;
  findSearch(id: string): Promise<SavedSearchRecord | undefined>;
  insertSearch(search: SavedSearchRecord): Promise<void>;
  /** False when there is no such search. */
  updateSearch(
    id: string,
    change: Pick<SavedSearchRecord, 'name' | 'criteria' | 'updatedAt'>,
  ): Promise<boolean>;
  deleteSearch(id: string): Promise<boolean>;
}
