import type { ScanDirection, ScanVerdict } from '../vocabulary/scanners.ts';

/** The scanner part of the storage interface (see store.ts): company settings, scan events. */
export interface CompanySettingsRepository {
  /** The JSON value stored under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, now: number): Promise<void>;
}

/** A text the scanners did not pass as it was: who, when, where, what was found; redacted. */
export interface ScanEventRecord {
  id: string;
  at: number;
  userId: string | null;
  agentId: string | null;
  conversationId: string | null;
  direction: ScanDirection;
  verdict: Exclude<ScanVerdict, 'pass'>;
  scanners: string[];
  findingTypes: string[];
  redactedText: string;
  clientIp: string | null;
}

export interface ScanEventQuery {
  limit: number;
  offset: number;
  userId?: string | undefined;
}

export interface ScanEventRepository {
  insert(event: ScanEventRecord): Promise<void>;
  /** Newest first. */
  list(query: ScanEventQuery): Promise<ScanEventRecord[]>;
}
