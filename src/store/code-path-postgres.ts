import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { CodePath, CodeRedemption, RedemptionOutcome } from './store.ts';

interface Row {
  consumed: boolean;
  granted: boolean;
  owner: string | null;
  session: string | null;
  leftUnused: boolean;
}

/**
 * PostgreSQL's code path: each operation one statement, so one round trip and no transaction to
 * open.
 */
export function postgresCodePath(db: Kysely<Database>): CodePath {
  return {
    async issueCode(code, audit) {
      await sql`
        WITH code AS (
          INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, user_id,
            code_challenge, session_id, created_at, expires_at, consumed_at)
          VALUES (${code.codeHash}, ${code.clientId}, ${code.redirectUri}, ${code.userId},
            ${code.codeChallenge}, ${code.sessionId ?? null}, ${code.createdAt},
            ${code.expiresAt}, NULL)
        )
        INSERT INTO audit_events (id, at, event, outcome, client_id, user_id, ip, reason, details)
        VALUES (${audit.id}, ${audit.at}, ${audit.event}, ${audit.outcome}, ${audit.clientId},
          ${audit.userId}, ${audit.ip}, ${audit.reason}, ${JSON.stringify(audit.details)})`.execute(
        db,
      );
    },
    redeemCode: (terms) => redeem(db, terms),
  };
}

/**
 * The redemption in one statement, so one round trip and no transaction to open. The
 * UPDATE decides which of concurrent redemptions consumes the code (a loser re-reads the row
 * after the winner commits and no longer matches); `granted` applies the terms that
 * code-path-sqlite.ts's meetsTerms applies; the two INSERTs write only when it holds a row.
 * The challenge comparison is SQL's `=`: both sides are hashes, and a verifier whose hash
 * shares a prefix with the challenge tells nothing about it.
 */
async function redeem(db: Kysely<Database>, terms: CodeRedemption): Promise<RedemptionOutcome> {
  const { token, audit } = terms;
  const result = await sql<Row>`
      WITH code AS (
        UPDATE authorization_codes SET consumed_at = ${terms.now}
        WHERE code_hash = ${terms.codeHash} AND client_id = ${terms.clientId}
          AND consumed_at IS NULL AND expires_at > ${terms.now}
          AND (user_id IS NULL OR NOT ${terms.userCodeNeedsBearer}::boolean)
        RETURNING user_id, session_id, redirect_uri, code_challenge
      ), granted AS (
        SELECT code.user_id, code.session_id FROM code
        WHERE (${terms.redirectUri}::text IS NULL OR code.redirect_uri = ${terms.redirectUri})
          AND CASE WHEN ${terms.userId}::text IS NULL
                THEN NOT ${terms.userIdRequired}::boolean OR code.user_id IS NULL
                ELSE code.user_id IS NOT DISTINCT FROM ${terms.userId} END
          AND CASE WHEN code.code_challenge IS NULL THEN ${terms.verifierChallenge}::text IS NULL
                ELSE code.code_challenge IS NOT DISTINCT FROM ${terms.verifierChallenge} END
          AND (code.user_id IS NULL OR EXISTS (
                SELECT 1 FROM users WHERE users.id = code.user_id AND users.disabled_at IS NULL))
      ), token AS (
        INSERT INTO issued_tokens
          (jti, client_id, user_id, code_hash, session_id, issued_at, expires_at, revoked_at)
        SELECT ${token.jti}, ${terms.clientId}, user_id, ${terms.codeHash}, session_id,
          ${terms.now}, ${token.expiresAt}, NULL
        FROM granted
      ), audit AS (
        INSERT INTO audit_events (id, at, event, outcome, client_id, user_id, ip, reason, details)
        SELECT ${audit.id}, ${audit.at}, ${audit.event}, ${audit.outcome}, ${audit.clientId},
          user_id, ${audit.ip}, ${audit.reason},
          CASE WHEN user_id IS NULL THEN ${JSON.stringify(audit.details.generic)}
            ELSE ${JSON.stringify(audit.details.user)} END
        FROM granted
      )
      SELECT EXISTS (SELECT 1 FROM code) AS consumed,
        EXISTS (SELECT 1 FROM granted) AS granted,
        (SELECT user_id FROM granted) AS owner,
        (SELECT session_id FROM granted) AS session,
        ${terms.userCodeNeedsBearer}::boolean AND EXISTS (
          SELECT 1 FROM authorization_codes
          WHERE code_hash = ${terms.codeHash} AND client_id = ${terms.clientId}
            AND consumed_at IS NULL AND expires_at > ${terms.now} AND user_id IS NOT NULL
        ) AS "leftUnused"`.execute(db);
  const row = result.rows[0]!;
  if (row.granted) {
    return { outcome: 'issued', userId: row.owner, sessionId: row.session };
  }
  if (row.consumed) {
    return { outcome: 'mismatch' };
  }
  return row.leftUnused ? { outcome: 'bearer-required' } : { outcome: 'unavailable' };
}
