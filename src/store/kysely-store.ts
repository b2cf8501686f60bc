import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';
import { openDatabase, type DatabaseOptions, type Dialect } from './database.ts';
import { runMigrations } from './migrations/migrate.ts';
import { clientRepository } from './repositories/clients.ts';
import { userRepository } from './repositories/users.ts';
import { authorizationCodeRepository } from './repositories/authorization-codes.ts';
import { issuedTokenRepository } from './repositories/issued-tokens.ts';
import { signingKeyRepository } from './repositories/signing-keys.ts';
import { groupRepository } from './repositories/groups.ts';
import { credentialRepository } from './repositories/credentials.ts';
import { rateLimitRepository } from './repositories/rate-limits.ts';
import { auditRepository } from './repositories/audit.ts';

function storeOver(db: Kysely<Database>, root: Kysely<Database>, dialect: Dialect): Store {
  return {
    clients: clientRepository(db),
    users: userRepository(db, dialect),
    groups: groupRepository(db),
    credentials: credentialRepository(db),
    rateLimits: rateLimitRepository(db),
    audit: auditRepository(db),
    codes: authorizationCodeRepository(db),
    tokens: issuedTokenRepository(db),
    signingKeys: signingKeyRepository(db),
    transaction: (work) =>
      db.isTransaction
        ? work(storeOver(db, root, dialect))
        : db.transaction().execute((trx) => work(storeOver(trx, root, dialect))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => root.destroy(),
  };
}

/** Opens the database at `databaseUrl`, brings its schema up to date and returns the Store. */
export async function openStore(
  databaseUrl: string,
  options: DatabaseOptions = {},
): Promise<Store> {
  const { db, dialect, withMigrationLock } = openDatabase(databaseUrl, options);
  try {
    await withMigrationLock((schema) => runMigrations(db, schema));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return storeOver(db, db, dialect);
}
