import pg from 'pg';

// A failed query is an answer the model (or the admin testing) acts on: say what went wrong in
// words, never a stack, and never the connection string or its password, which some drivers'
// messages may echo (a malformed URL, a host name made of it).

export interface ErrorContext {
  connectionString: string;
  statementTimeoutMs: number;
  /** The call was aborted (the turn ended): whatever the driver says, that is why. */
  aborted: boolean;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const MAX_MESSAGE_CHARS = 1_000;

/** The failure in words the model can act on. */
export function describeDatabaseError(error: unknown, context: ErrorContext): string {
  if (context.aborted) {
    return 'The call was cancelled before the database answered';
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return withoutSecrets(wordsFor(error, message, code, context), context.connectionString);
}

function wordsFor(error: unknown, message: string, code: unknown, context: ErrorContext): string {
  // 57014: the server's statement timeout; the other, the client's own, just past it.
  if (code === '57014' || message === 'Query read timeout') {
    return `The query ran longer than ${context.statementTimeoutMs} ms and was stopped: ask for less (a WHERE, an aggregate, fewer joins)`;
  }
  if (code === '25006') {
    return `The database only reads here and this query would change data (${message}): ask only for what to read`;
  }
  if (code === '42501') {
    return `The database refused: ${message}. This tool's database role may not read that; use another table or ask an admin`;
  }
  if (code === 'ERR_INVALID_URL') {
    return 'The connection string in this database’s custom secret is not a valid postgres:// URL: an admin should set it again';
  }
  if (error instanceof pg.DatabaseError) {
    // Class 08 (connection), 28 (authorization), 3D (no such database): an admin's matter.
    if (/^(08|28|3D)/.test(error.code ?? '')) {
      return connectionFailed(message);
    }
    const hint = error.hint ? ` (hint: ${error.hint})` : '';
    return `The database refused the query: ${message}${hint}`;
  }
  if (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    /connect|terminated|timeout/i.test(message)
  ) {
    return connectionFailed(message);
  }
  return `The database call failed: ${message}`;
}

function connectionFailed(message: string): string {
  return `Could not reach the database (${message}): an admin should check its connection secret and that the server accepts connections`;
}

/** The message without the connection string, its password, or any URL with credentials. */
export function withoutSecrets(text: string, connectionString: string): string {
  let safe = text.split(connectionString).join('[connection string]');
  for (const password of passwordsIn(connectionString)) {
    safe = safe.split(password).join('[password]');
  }
  safe = safe.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s/@]*@/gi, (match) =>
    match.replace(/\/\/.*@/, '//[credentials]@'),
  );
  return safe.length > MAX_MESSAGE_CHARS ? `${safe.slice(0, MAX_MESSAGE_CHARS)}…` : safe;
}

/** The password as written in a URL and as decoded, or in a key=value string. */
function passwordsIn(connectionString: string): string[] {
  const found: string[] = [];
  const url = URL.canParse(connectionString) ? new URL(connectionString) : undefined;
  if (url?.password) {
    found.push(url.password, decoded(url.password));
  }
  const keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString)?.[1];
  if (keyValue) {
    found.push(keyValue, keyValue.replace(/^'|'$/g, ''));
  }
  // A short password would blank out ordinary words: those are left (messages rarely hold one).
  return found.filter((password) => password.length >= 4);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // A stray "%": the password as written is all there is to hide.
  }
}
