import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { CodeRedemption, RedemptionOutcome } from './store.ts';
import { constantTimeEqual } from '../lib/secrets.ts';

interface ConsumedCode {
  user_id: string | null;
  session_id: string | null;
  redirect_uri: string;
  code_challenge: string | null;
}

// Thrown to roll the consumption back: the code stays usable with the Bearer.
class LeaveUnused extends Error {}

/** Whether the consumed code meets the request's terms (redeem-code-postgres.ts says it in SQL). */
function meetsTerms(code: ConsumedCode, terms: CodeRedemption): boolean {
  const redirectUriAgrees = terms.redirectUri === null || terms.redirectUri === code.redirect_uri;
  const userIdAgrees =
    terms.userId === null
      ? !terms.userIdRequired || code.user_id === null
      : terms.userId === code.user_id;
  const pkceSatisfied =
    code.code_challenge === null
      ? terms.verifierChallenge === null
      : terms.verifierChallenge !== null &&
        constantTimeEqual(terms.verifierChallenge, code.code_challenge);
  return redirectUriAgrees && userIdAgrees && pkceSatisfied;
}

function countStatements(counted: (() => void) | undefined, statements: number): void {
  for (let sent = 0; sent < statements; sent += 1) {
    counted?.();
  }
}

/**
 * SQLite's redemption: compiled once, run as one synchronous IMMEDIATE transaction of three or
 * four statements, with no query building and no await between them. It holds Kysely's
 * connection lock meanwhile, so it never runs inside another caller's open transaction.
 * `counted` is called per statement sent, transaction control included, as Kysely's log is.
 */
export function sqliteCodeRedeemer(
  sqlite: BetterSqlite3.Database,
  db: Kysely<Database>,
  counted: (() => void) | undefined,
): (terms: CodeRedemption) => Promise<RedemptionOutcome> {
  // Compiled at first use: at open, the migrations have not yet made the tables.
  let compiled: ReturnType<typeof compile> | undefined;
  return (terms) =>
    db.connection().execute(async () => {
      compiled ??= compile(sqlite, counted);
      // BEGIN IMMEDIATE and COMMIT.
      countStatements(counted, 2);
      try {
        return compiled.immediate(terms);
      } catch (error) {
        if (error instanceof LeaveUnused) {
          return { outcome: 'bearer-required' };
        }
        throw error;
      }
    });
}

function compile(sqlite: BetterSqlite3.Database, counted: (() => void) | undefined) {
  const consume = sqlite.prepare<[number, string, string, number], ConsumedCode>(
    `UPDATE authorization_codes SET consumed_at = ?
     WHERE code_hash = ? AND client_id = ? AND consumed_at IS NULL AND expires_at > ?
     RETURNING user_id, session_id, redirect_uri, code_challenge`,
  );
  const enabledUser = sqlite
    .prepare<[string], 1>('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL')
    .pluck();
  const insertToken = sqlite.prepare(
    `INSERT INTO issued_tokens
       (jti, client_id, user_id, code_hash, session_id, issued_at, expires_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insertAudit = sqlite.prepare(
    `INSERT INTO audit_events (id, at, event, outcome, client_id, user_id, ip, reason, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const count = (statements: number) => countStatements(counted, statements);
  return sqlite.transaction((terms: CodeRedemption): RedemptionOutcome => {
    const code = consume.get(terms.now, terms.codeHash, terms.clientId, terms.now);
    count(1);
    if (code === undefined) {
      return { outcome: 'unavailable' };
    }
    if (code.user_id !== null && terms.userCodeNeedsBearer) {
      throw new LeaveUnused();
    }
    // A mismatch still burns the code: whoever holds it is not the one it was issued to.
    if (!meetsTerms(code, terms)) {
      return { outcome: 'mismatch' };
    }
    if (code.user_id !== null) {
      count(1);
      if (enabledUser.get(code.user_id) === undefined) {
        return { outcome: 'mismatch' };
      }
    }
    const { token, audit } = terms;
    insertToken.run(
      token.jti,
      terms.clientId,
      code.user_id,
      terms.codeHash,
      code.session_id,
      terms.now,
      token.expiresAt,
    );
    insertAudit.run(
      audit.id,
      audit.at,
      audit.event,
      audit.outcome,
      audit.clientId,
      code.user_id,
      audit.ip,
      audit.reason,
      JSON.stringify(code.user_id === null ? audit.details.generic : audit.details.user),
    );
    count(2);
    return { outcome: 'issued', userId: code.user_id, sessionId: code.session_id };
  });
}
