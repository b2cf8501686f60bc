import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type {
  AuditEventRecord,
  AuthorizationCodeRecord,
  CodePath,
  CodeRedemption,
  RedemptionOutcome,
} from './store.ts';
import { constantTimeEqual } from '../lib/secrets.ts';

interface ConsumedCode {
  user_id: string | null;
  session_id: string | null;
  redirect_uri: string;
  code_challenge: string | null;
}

// Thrown to roll the consumption back: the code stays usable with the Bearer.
class LeaveUnused extends Error {}

/** Whether the consumed code meets the request's terms (code-path-postgres.ts says it in SQL). */
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

/**
 * SQLite's code path: statements compiled once, each operation one synchronous IMMEDIATE
 * transaction with no query building and no await inside. It holds Kysely's connection lock
 * meanwhile, so it never runs inside another caller's open transaction. `counted` is called per
 * statement sent, transaction control included, as Kysely's log is.
 */
export function sqliteCodePath(
  sqlite: BetterSqlite3.Database,
  db: Kysely<Database>,
  counted: (() => void) | undefined,
): CodePath {
  // Compiled at first use: at open, the migrations have not yet made the tables.
  let compiled: ReturnType<typeof compile> | undefined;
  const count = (statements: number) => {
    for (let sent = 0; sent < statements; sent += 1) {
      counted?.();
    }
  };
  const locked = <T>(work: (statements: ReturnType<typeof compile>) => T): Promise<T> =>
    db.connection().execute(async () => {
      compiled ??= compile(sqlite, count);
      return work(compiled);
    });
  return {
    issueCode: (code, audit) => locked(({ issue }) => issue.immediate(code, audit)),
    redeemCode: (terms) =>
      locked(({ redeem }) => {
        try {
          return redeem.immediate(terms);
        } catch (error) {
          if (error instanceof LeaveUnused) {
            return { outcome: 'bearer-required' } as const;
          }
          throw error;
        }
      }),
  };
}

function compile(sqlite: BetterSqlite3.Database, count: (statements: number) => void) {
  const insertCode = sqlite.prepare(
    `INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, user_id,
       code_challenge, session_id, created_at, expires_at, consumed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
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
  const audit = (record: AuditEventRecord) =>
    insertAudit.run(
      record.id,
      record.at,
      record.event,
      record.outcome,
      record.clientId,
      record.userId,
      record.ip,
      record.reason,
      JSON.stringify(record.details),
    );

  const issue = sqlite.transaction((code: AuthorizationCodeRecord, record: AuditEventRecord) => {
    // BEGIN IMMEDIATE, the two INSERTs, COMMIT.
    count(4);
    insertCode.run(
      code.codeHash,
      code.clientId,
      code.redirectUri,
      code.userId,
      code.codeChallenge,
      code.sessionId ?? null,
      code.createdAt,
      code.expiresAt,
    );
    audit(record);
  });

  const redeem = sqlite.transaction((terms: CodeRedemption): RedemptionOutcome => {
    // BEGIN IMMEDIATE, the UPDATE, COMMIT.
    count(3);
    const code = consume.get(terms.now, terms.codeHash, terms.clientId, terms.now);
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
    const { token } = terms;
    count(2);
    insertToken.run(
      token.jti,
      terms.clientId,
      code.user_id,
      terms.codeHash,
      code.session_id,
      terms.now,
      token.expiresAt,
    );
    audit({
      ...terms.audit,
      userId: code.user_id,
      details: code.user_id === null ? terms.audit.details.generic : terms.audit.details.user,
    });
    return { outcome: 'issued', userId: code.user_id, sessionId: code.session_id };
  });

  return { issue, redeem };
}
