import type { ActivityKind } from '../vocabulary/activity.ts';
import type { ScanVerdict } from '../vocabulary/scanners.ts';

/** The activity part of the storage interface (see store.ts): the record of every chat event. */
export interface ActivityEventRecord {
  /** Increases with every event recorded, on every instance: the record's order and its id. */
  seq: number;
  at: number;
  kind: ActivityKind;
  userId: string | null;
  agentId: string | null;
  conversationId: string | null;
  messageId: string | null;
  engine: string | null;
  model: string | null;
  clientIp: string | null;
  /** ISO 3166-1 alpha-2 of the client's address, null when unknown. */
  country: string | null;
  /** The worst scanner verdict on the text; 'pass' when nothing was found or nothing scanned. */
  verdict: ScanVerdict;
  /** The scanners that did not pass the text. */
  scanners: string[];
  findingTypes: string[];
  promptTokens: number | null;
  completionTokens: number | null;
  /** Millionths of a dollar (vocabulary/activity.ts), from the model's price; null: unpriced. */
  costMicros: number | null;
  /** An answer's latest feedback rating, or a feedback event's. */
  feedbackRating: number | null;
  /** As the scanners left it: redacted where they redacted. */
  text: string;
  /** Small facts about the event (a file's name, what settings changed, an engine's error). */
  details: Record<string, unknown>;
}

export type NewActivityEvent = Omit<ActivityEventRecord, 'seq'>;

export interface ActivityRepository {
  /**
   * Appends the events in one transaction (or the caller's) with their findings, adds them to
   * the daily rollups and queues them for the monitoring rules; returns their seqs in order.
   */
  record(events: readonly NewActivityEvent[]): Promise<number[]>;
  /** Sets the rating on the answer recorded for this message (feedback replaces feedback). */
  rateAnswer(messageId: string, rating: number): Promise<void>;
  findBySeqs(seqs: readonly number[]): Promise<ActivityEventRecord[]>;
  /**
   * Deletes events recorded before `before` (the retention setting), but for those of a
   * conversation a hold lists; returns how many.
   */
  purgeBefore(before: number): Promise<number>;
}
