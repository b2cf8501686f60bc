import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs a change to what caches hold (a client, a user, a token's revocation) and, when
 * `changed` says from its result that something did change, announces it in the same
 * transaction: other processes hear of it with the commit, never without it nor before it.
 */
export type Changing = <T>(
  work: (db: Kysely<Database>) => Promise<T>,
  changed: (result: T) => boolean,
) => Promise<T>;
