import type { SealedColumn } from './sealed-columns.ts';

export interface CustomSecretRecord {
  /** Unique, as given: what agent settings reference. */
  name: string;
  description: string;
  /** Sealed with the master key; never leaves the server. */
  valueEncrypted: string;
  createdAt: number;
  updatedAt: number;
}

export interface CustomSecretRepository {
  /** By name. */
  list(): Promise<CustomSecretRecord[]>;
  find(name: string): Promise<CustomSecretRecord | undefined>;
  /** Creates, or replaces value and description keeping createdAt; true when it was created. */
  put(secret: CustomSecretRecord): Promise<boolean>;
  /** False when absent. */
  remove(name: string): Promise<boolean>;
  /** The agents whose key is the secret, by name. */
  usedBy(name: string): Promise<{ id: string; name: string }[]>;
  /** The custom APIs and databases whose credential it is, by name. */
  usedByTools(name: string): Promise<{ kind: 'api' | 'database'; name: string }[]>;
}

/** The sealed values of one column, read and resealed one page at a time (key rotation). */
export interface SealedValueRepository {
  /** Up to `limit` distinct values after `after` (sealed values are unique: random IVs). */
  page(column: SealedColumn, after: string, limit: number): Promise<string[]>;
  /** Replaces the value only if it is still there; false when it changed meanwhile. */
  replace(column: SealedColumn, sealed: string, resealed: string): Promise<boolean>;
}
