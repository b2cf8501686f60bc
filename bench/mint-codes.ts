import { openDatabase, type DatabaseOptions } from '../src/store/database.ts';
import { generateSecret, hashSecret } from '../src/lib/secrets.ts';

const ROWS_PER_INSERT = 1000;

export interface CodeMinter {
  /** `count` fresh authorization codes for the client, as its authorization endpoint issues them. */
  mint(client: { id: string; redirectUri: string }, count: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The code-exchange workload needs a distinct code per request, tens of thousands per run: made
 * as the authorization endpoint makes them (generateSecret, stored as hashSecret, bound to the
 * client and redirect URI, expiring after the configured TTL), but inserted in bulk over a
 * connection of its own, so that minting is not part of what is measured.
 */
export function codeMinter(
  url: string,
  options: DatabaseOptions,
  codeTtlSeconds: number,
): CodeMinter {
  const { db } = openDatabase(url, options);
  return {
    async mint(client, count) {
      const now = Math.floor(Date.now() / 1000);
      const codes = Array.from({ length: count }, () => generateSecret());
      const rows = codes.map((code) => ({
        codeHash: hashSecret(code),
        clientId: client.id,
        redirectUri: client.redirectUri,
        userId: null,
        codeChallenge: null,
        createdAt: now,
        expiresAt: now + codeTtlSeconds,
        consumedAt: null,
      }));
      await db.transaction().execute(async (trx) => {
        for (let first = 0; first < rows.length; first += ROWS_PER_INSERT) {
          await trx
            .insertInto('authorizationCodes')
            .values(rows.slice(first, first + ROWS_PER_INSERT))
            .execute();
        }
      });
      return codes;
    },
    close: () => db.destroy(),
  };
}
