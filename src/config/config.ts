import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { EMAIL_DOMAIN } from '../vocabulary/email-domain.ts';
import { sqliteFilePath } from './database-url.ts';

/** Typed, immutable server configuration, parsed once from the environment at start. */
export interface Config {
  /** `HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** `PORT`, default `8080`. */
  readonly port: number;
  /** `AIRISK_DATABASE_URL`: `sqlite:<path>` (default `sqlite:./data/airisk.db`) or `postgres://…`. */
  readonly databaseUrl: string;
  /** `AIRISK_CODE_TTL`: authorization-code lifetime in seconds, default 60, at most 600. */
  readonly codeTtlSeconds: number;
  /** `AIRISK_ACCESS_TOKEN_TTL`: access-token lifetime in seconds, default 3600. */
  readonly accessTokenTtlSeconds: number;
  /** `AIRISK_ISSUER`: public base URL, default `http://{HOST}:{PORT}`; names the `iss` of tokens. */
  readonly issuer: string;
  /** `AIRISK_MASTER_KEY`: 32 bytes as base64 or hex; unset means the data-folder key file. */
  readonly masterKey: string | undefined;
  /**
   * `AIRISK_PREVIOUS_MASTER_KEY`: during a master-key rotation, the key (or comma-separated keys)
   * the master key replaces; they still open what they sealed until `airisk master-key rotate`.
   */
  readonly previousMasterKeys: string | undefined;
  /** `AIRISK_REQUIRE_GENERIC_BEARER`: the user-token exchange must present the generic token. */
  readonly requireGenericBearer: boolean;
  /**
   * `AIRISK_STRICT_TOKEN_REQUEST`, default false: the token request must repeat `redirect_uri`,
   * and the `userid` of a user code, as RFC 6749 and the original's docs say; real clients don't.
   */
  readonly strictTokenRequest: boolean;
  /** `AIRISK_LOG_LEVEL`: pino level, default `info`. */
  readonly logLevel: string;
  /** `AIRISK_RATE_LIMIT_PER_IP`: OAuth2 requests a minute from one address, default 600, 0 off. */
  readonly rateLimitPerIp: number;
  /** `AIRISK_RATE_LIMIT_PER_CLIENT`: OAuth2 requests a minute for one client, default 1200, 0 off. */
  readonly rateLimitPerClient: number;
  /** `AIRISK_LOCKOUT_THRESHOLD`: failed client authentications that lock it, default 10, 0 never. */
  readonly lockoutThreshold: number;
  /** `AIRISK_LOCKOUT_SECONDS`: how long a lock lasts, and the window failures count in; 900. */
  readonly lockoutSeconds: number;
  /** `AIRISK_KEY_ROTATION_DAYS`: rotate the signing key this often, default 90, 0 never. */
  readonly keyRotationDays: number;
  /** `AIRISK_KEY_ACTIVATION_DELAY`: seconds a new key is published before it signs, default 600. */
  readonly keyActivationDelaySeconds: number;
  /** `AIRISK_PURGE_INTERVAL`: seconds between purges of expired codes and tokens, default 600. */
  readonly purgeIntervalSeconds: number;
  /** `AIRISK_ENGINE_TIMEOUT`: seconds an LLM engine may take for one whole answer, default 120. */
  readonly engineTimeoutSeconds: number;
  /** `AIRISK_UPLOAD_MAX_BYTES`: largest file an upload may carry, default 10 MiB. */
  readonly uploadMaxBytes: number;
  /** `AIRISK_FILE_CONTEXT_CHARS`: characters of file text given to the model per question, 48,000. */
  readonly fileContextChars: number;
  /** `AIRISK_EXTRACT_WORKERS`: PDF and Word documents read at once, default min(2, cores). */
  readonly extractWorkers: number;
  /** `AIRISK_EXTRACT_QUEUE`: documents waiting for a worker before uploads get 503, default 16. */
  readonly extractQueue: number;
  /** `AIRISK_EXTRACT_TIMEOUT_MS`: milliseconds one document may take to read, default 10,000. */
  readonly extractTimeoutMs: number;
  /**
   * `AIRISK_MONITOR_INTERVAL_MS`: milliseconds between passes of the monitoring rules over events
   * other instances recorded (this instance's own are evaluated as they arrive), default 5,000.
   */
  readonly monitorIntervalMs: number;
  /**
   * `AIRISK_NOTIFY_RETRY_BASE_MS`: the wait before a failed monitoring notification's second
   * attempt, doubled for each later one (jittered), default 30,000.
   */
  readonly notifyRetryBaseMs: number;
  /** `AIRISK_EXTRACT_HEAP_MB`: heap of each reading worker, in MB, default 256. */
  readonly extractHeapMb: number;
  /** `AIRISK_EXTRACT_MAX_CHARS`: characters of text one document may yield, default 2,000,000. */
  readonly extractMaxChars: number;
  /** `AIRISK_CORS_ORIGINS`: comma-separated origins browser apps may call from; none by default. */
  readonly corsOrigins: readonly string[];
  /**
   * `AIRISK_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges of the reverse proxies
   * whose X-Forwarded-For is believed (client IP for geographic gating, rate limits, logs); none
   * by default, so a client cannot claim another address.
   */
  readonly trustedProxies: readonly string[];
  /**
   * `AIRISK_OUTBOUND_ALLOWED_NETWORKS`: comma-separated addresses or CIDR ranges that custom APIs
   * may reach although private, loopback or link-local (e.g. an intranet API at 10.1.2.3); none
   * by default, so an API definition cannot reach the server's own network. Public addresses
   * need no entry.
   */
  readonly outboundAllowedNetworks: readonly string[];
  /** `AIRISK_SMTP_URL`: `smtp://` or `smtps://` URL of the mail server; unset, links are shown. */
  readonly smtpUrl: string | undefined;
  /** `AIRISK_MAIL_FROM`: sender of account mail, default `AIRisk <airisk@localhost>`. */
  readonly mailFrom: string;
  /** `AIRISK_SESSION_IDLE_SECONDS`: a session unused this long ends, default 28,800 (8 hours). */
  readonly sessionIdleSeconds: number;
  /** `AIRISK_SESSION_MAX_SECONDS`: a session ends this long after sign-in, default 604,800. */
  readonly sessionMaxSeconds: number;
  /**
   * `AIRISK_SIGNIN_LOCKOUT_THRESHOLD`, default 5: failed password sign-ins within
   * AIRISK_LOCKOUT_SECONDS that lock the account's password sign-in for that long; 0 never.
   */
  readonly signinLockoutThreshold: number;
  /**
   * `AIRISK_METRICS_TOKEN`: the bearer token Prometheus scrapes `GET /metrics` with, at least 16
   * characters; unset (the default), /metrics answers 404 and nothing is counted.
   */
  readonly metricsToken: string | undefined;
  /**
   * `AIRISK_ARCHIVE_DIR`: where the data archive writes its files; default an `archive` folder
   * beside the SQLite database, else `./data/archive`.
   */
  readonly archiveDir: string;
  /** `AIRISK_ARCHIVE_INTERVAL`: seconds between scheduled archive runs, default 86,400; 0 off. */
  readonly archiveIntervalSeconds: number;
  /** Single sign-on through OpenID Connect; undefined unless AIRISK_OIDC_ISSUER is set. */
  readonly oidc: OidcConfig | undefined;
}

export interface OidcConfig {
  /** `AIRISK_OIDC_ISSUER`: the identity provider's issuer URL (discovery is below it). */
  readonly issuer: string;
  /** `AIRISK_OIDC_CLIENT_ID`: required with the issuer. */
  readonly clientId: string;
  /** `AIRISK_OIDC_CLIENT_SECRET`: unset for a public client. */
  readonly clientSecret: string | undefined;
  /** `AIRISK_OIDC_ALLOWED_DOMAINS`: comma-separated email domains, lower-cased; empty: any. */
  readonly allowedDomains: readonly string[];
  /**
   * `AIRISK_OIDC_NEW_USERS`: `invited` (default) signs in only existing users; `domain` also
   * creates a `User` for a person of an allowed domain on first sign-in.
   */
  readonly newUsers: 'invited' | 'domain';
  /** `AIRISK_OIDC_BUTTON`: the sign-in button's text, default `Single sign-on`. */
  readonly button: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const DEFAULT_DATABASE_URL = 'sqlite:./data/airisk.db';

export function loadConfig(env: Env): Config {
  const host = text(env, 'HOST', '127.0.0.1');
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const databaseUrl = text(env, 'AIRISK_DATABASE_URL', DEFAULT_DATABASE_URL);
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(
      'AIRISK_DATABASE_URL must start with "sqlite:" (e.g. sqlite:./data/airisk.db) or "postgres://"',
    );
  }
  return Object.freeze({
    host,
    port,
    databaseUrl,
    codeTtlSeconds: integer(env, 'AIRISK_CODE_TTL', 60, 1, 600),
    accessTokenTtlSeconds: integer(env, 'AIRISK_ACCESS_TOKEN_TTL', 3600, 60, 86_400),
    issuer: issuer(env, host, port),
    masterKey: env.AIRISK_MASTER_KEY || undefined,
    previousMasterKeys: env.AIRISK_PREVIOUS_MASTER_KEY || undefined,
    requireGenericBearer: boolean(env, 'AIRISK_REQUIRE_GENERIC_BEARER', false),
    strictTokenRequest: boolean(env, 'AIRISK_STRICT_TOKEN_REQUEST', false),
    logLevel: oneOf(env, 'AIRISK_LOG_LEVEL', 'info', LOG_LEVELS),
    rateLimitPerIp: integer(env, 'AIRISK_RATE_LIMIT_PER_IP', 600, 0, 1_000_000_000),
    rateLimitPerClient: integer(env, 'AIRISK_RATE_LIMIT_PER_CLIENT', 1200, 0, 1_000_000_000),
    lockoutThreshold: integer(env, 'AIRISK_LOCKOUT_THRESHOLD', 10, 0, 1_000_000),
    lockoutSeconds: integer(env, 'AIRISK_LOCKOUT_SECONDS', 900, 1, 86_400),
    keyRotationDays: integer(env, 'AIRISK_KEY_ROTATION_DAYS', 90, 0, 3650),
    keyActivationDelaySeconds: integer(env, 'AIRISK_KEY_ACTIVATION_DELAY', 600, 0, 86_400),
    purgeIntervalSeconds: integer(env, 'AIRISK_PURGE_INTERVAL', 600, 0, 86_400),
    engineTimeoutSeconds: integer(env, 'AIRISK_ENGINE_TIMEOUT', 120, 1, 3600),
    uploadMaxBytes: integer(env, 'AIRISK_UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 ** 3),
    fileContextChars: integer(env, 'AIRISK_FILE_CONTEXT_CHARS', 48_000, 1000, 10_000_000),
    extractWorkers: integer(
      env,
      'AIRISK_EXTRACT_WORKERS',
      Math.min(2, availableParallelism()),
      1,
      64,
    ),
    extractQueue: integer(env, 'AIRISK_EXTRACT_QUEUE', 16, 0, 10_000),
    extractTimeoutMs: integer(env, 'AIRISK_EXTRACT_TIMEOUT_MS', 10_000, 100, 600_000),
    monitorIntervalMs: integer(env, 'AIRISK_MONITOR_INTERVAL_MS', 5000, 10, 3_600_000),
    notifyRetryBaseMs: integer(env, 'AIRISK_NOTIFY_RETRY_BASE_MS', 30_000, 10, 3_600_000),
    extractHeapMb: integer(env, 'AIRISK_EXTRACT_HEAP_MB', 256, 32, 16_384),
    extractMaxChars: integer(env, 'AIRISK_EXTRACT_MAX_CHARS', 2_000_000, 1000, 1_000_000_000),
    corsOrigins: origins(env, 'AIRISK_CORS_ORIGINS'),
    trustedProxies: proxies(env, 'AIRISK_TRUSTED_PROXIES'),
    outboundAllowedNetworks: proxies(env, 'AIRISK_OUTBOUND_ALLOWED_NETWORKS'),
    smtpUrl: smtpUrl(env),
    mailFrom: text(env, 'AIRISK_MAIL_FROM', 'AIRisk <airisk@localhost>'),
    sessionIdleSeconds: integer(env, 'AIRISK_SESSION_IDLE_SECONDS', 28_800, 60, 31_536_000),
    sessionMaxSeconds: integer(env, 'AIRISK_SESSION_MAX_SECONDS', 604_800, 60, 31_536_000),
    signinLockoutThreshold: integer(env, 'AIRISK_SIGNIN_LOCKOUT_THRESHOLD', 5, 0, 1_000_000),
    metricsToken: metricsToken(env),
    archiveDir: text(env, 'AIRISK_ARCHIVE_DIR', defaultArchiveDir(databaseUrl)),
    archiveIntervalSeconds: integer(env, 'AIRISK_ARCHIVE_INTERVAL', 86_400, 0, 31_536_000),
    oidc: oidc(env),
  });
}

/** Beside the SQLite database, as its master.key is; else (PostgreSQL) under ./data. */
function defaultArchiveDir(databaseUrl: string): string {
  const file = sqliteFilePath(databaseUrl);
  return file === undefined || file === ':memory:'
    ? join('data', 'archive')
    : join(dirname(file), 'archive');
}

function smtpUrl(env: Env): string | undefined {
  const raw = env.AIRISK_SMTP_URL?.trim();
  if (!raw) {
    return undefined;
  }
  // The URL may hold the mail password: the error names the scheme it wants, never the value.
  if (!/^smtps?:\/\/[^/?#]+/i.test(raw) || !URL.canParse(raw)) {
    throw new ConfigError(
      'AIRISK_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587',
    );
  }
  return raw;
}

const MIN_METRICS_TOKEN_CHARS = 16;
// RFC 6750 §2.1's b64token: what fits in `Authorization: Bearer …` as it is.
const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

function metricsToken(env: Env): string | undefined {
  const raw = env.AIRISK_METRICS_TOKEN?.trim();
  if (!raw) {
    return undefined;
  }
  // A secret: the error says what is wanted, never the value.
  if (raw.length < MIN_METRICS_TOKEN_CHARS || !B64TOKEN.test(raw)) {
    throw new ConfigError(
      `AIRISK_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_CHARS} characters of A-Z, a-z, 0-9 and -._~+/ (a random value such as the output of \`openssl rand -hex 32\`)`,
    );
  }
  return raw;
}

function oidc(env: Env): OidcConfig | undefined {
  const issuer = env.AIRISK_OIDC_ISSUER?.trim();
  const clientId = env.AIRISK_OIDC_CLIENT_ID?.trim();
  if (!issuer && !clientId) {
    return undefined;
  }
  // All or nothing: half a single sign-on setup would only fail later, at someone's sign-in.
  if (!issuer || !clientId) {
    throw new ConfigError(
      'AIRISK_OIDC_ISSUER and AIRISK_OIDC_CLIENT_ID must be set together (single sign-on)',
    );
  }
  if (!/^https?:\/\//i.test(issuer) || !URL.canParse(issuer)) {
    throw new ConfigError(`AIRISK_OIDC_ISSUER must be an http(s) URL, got "${issuer}"`);
  }
  const allowedDomains = (env.AIRISK_OIDC_ALLOWED_DOMAINS ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  const wrong = allowedDomains.find((domain) => !EMAIL_DOMAIN.test(domain));
  if (wrong !== undefined) {
    throw new ConfigError(
      `AIRISK_OIDC_ALLOWED_DOMAINS must be email domains such as example.com, separated by commas, got "${wrong}"`,
    );
  }
  return Object.freeze({
    // Kept as written: it must equal the provider's `iss` exactly, trailing slash included.
    issuer,
    clientId,
    clientSecret: env.AIRISK_OIDC_CLIENT_SECRET?.trim() || undefined,
    allowedDomains: Object.freeze(allowedDomains),
    newUsers: oneOf(env, 'AIRISK_OIDC_NEW_USERS', 'invited', ['invited', 'domain']) as
      'invited' | 'domain',
    button: text(env, 'AIRISK_OIDC_BUTTON', 'Single sign-on'),
  });
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) {
    return fallback;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) {
    return fallback;
  }
  if (['1', 'true', 'yes'].includes(raw)) {
    return true;
  }
  if (['0', 'false', 'no'].includes(raw)) {
    return false;
  }
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf(env: Env, name: string, fallback: string, allowed: string[]): string {
  const value = text(env, name, fallback);
  if (!allowed.includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value;
}

// An origin as a browser sends it (RFC 6454 §6.2): scheme://host[:port] and nothing after.
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/i;

function origins(env: Env, name: string): readonly string[] {
  const listed = (env[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  return Object.freeze(
    listed.map((value) => {
      if (!ORIGIN.test(value) || !URL.canParse(value)) {
        throw new ConfigError(
          `${name} must be origins like https://app.example.com or http://localhost:3000, separated by commas, with nothing after the host or port (not even "/"), got "${value}"`,
        );
      }
      // Browsers send an http(s) origin in its serialized form (lower-case, no default port), and
      // origins match exactly: keep that form. Other schemes (capacitor://…) stay as written.
      const { origin } = new URL(value);
      return origin === 'null' ? value : origin;
    }),
  );
}

/** IP addresses or CIDR ranges, comma-separated (trusted proxies, outbound allow list). */
function proxies(env: Env, name: string): readonly string[] {
  const listed = (env[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  for (const value of listed) {
    const [address = '', prefix, extra] = value.split('/');
    const version = isIP(address);
    const maxPrefix = version === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (version === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        `${name} must be IP addresses or CIDR ranges such as 10.0.0.1 or 10.0.0.0/8, separated by commas, got "${value}"`,
      );
    }
  }
  return Object.freeze(listed);
}

function issuer(env: Env, host: string, port: number): string {
  const raw = env.AIRISK_ISSUER?.trim();
  if (!raw) {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AIRISK_ISSUER must be an absolute http(s) URL, got "${raw}"`);
  }
  // RFC 8414 §2: the issuer has no query or fragment.
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new ConfigError(
      `AIRISK_ISSUER must be an http(s) URL without query or fragment, got "${raw}"`,
    );
  }
  return raw.replace(/\/+$/, '');
}
