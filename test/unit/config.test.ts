import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

// Config is parsed once and fails loudly; each error names its variable (STYLE §4, §5.15).

describe('loadConfig', () => {
  it('has documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: 'sqlite:./data/airisk.db',
      codeTtlSeconds: 60,
      accessTokenTtlSeconds: 3600,
      issuer: 'http://127.0.0.1:8080',
      masterKey: undefined,
      previousMasterKeys: undefined,
      requireGenericBearer: false,
      strictTokenRequest: false,
      logLevel: 'info',
      rateLimitPerIp: 600,
      rateLimitPerClient: 1200,
      lockoutThreshold: 10,
      lockoutSeconds: 900,
      keyRotationDays: 90,
      keyActivationDelaySeconds: 600,
      purgeIntervalSeconds: 600,
      engineTimeoutSeconds: 120,
      uploadMaxBytes: 10 * 1024 * 1024,
      fileContextChars: 48_000,
      extractWorkers: Math.min(2, availableParallelism()),
      extractQueue: 16,
      extractTimeoutMs: 10_000,
      monitorIntervalMs: 5000,
      notifyRetryBaseMs: 30_000,
      extractHeapMb: 256,
      extractMaxChars: 2_000_000,
      corsOrigins: [],
      trustedProxies: [],
      outboundAllowedNetworks: [],
      smtpUrl: undefined,
      mailFrom: 'AIRisk <airisk@localhost>',
      sessionIdleSeconds: 28_800,
      sessionMaxSeconds: 604_800,
      signinLockoutThreshold: 5,
      metricsToken: undefined,
      archiveDir: 'data/archive',
      archiveIntervalSeconds: 86_400,
      oidc: undefined,
    });
  });

  it('keeps the archive beside the SQLite database unless AIRISK_ARCHIVE_DIR says', () => {
    expect(loadConfig({ AIRISK_DATABASE_URL: 'sqlite:/var/lib/airisk/airisk.db' }).archiveDir).toBe(
      '/var/lib/airisk/archive',
    );
    expect(() => loadConfig({ AIRISK_ARCHIVE_INTERVAL: '-1' })).toThrow(/AIRISK_ARCHIVE_INTERVAL/);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: ' ', AIRISK_CODE_TTL: '', AIRISK_LOG_LEVEL: '  ' })).toEqual(
      loadConfig({}),
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '9000',
      AIRISK_DATABASE_URL: 'postgres://db.internal/airisk',
      AIRISK_CODE_TTL: '600',
      AIRISK_ACCESS_TOKEN_TTL: '60',
      AIRISK_ISSUER: 'https://airisk.example.com',
      AIRISK_MASTER_KEY: 'k'.repeat(43),
      AIRISK_REQUIRE_GENERIC_BEARER: 'TRUE',
      AIRISK_STRICT_TOKEN_REQUEST: 'yes',
      AIRISK_LOG_LEVEL: 'debug',
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: '50',
      AIRISK_LOCKOUT_THRESHOLD: '3',
      AIRISK_LOCKOUT_SECONDS: '60',
      AIRISK_KEY_ROTATION_DAYS: '30',
      AIRISK_KEY_ACTIVATION_DELAY: '0',
      AIRISK_PURGE_INTERVAL: '120',
      AIRISK_ENGINE_TIMEOUT: '30',
      AIRISK_UPLOAD_MAX_BYTES: '2048',
      AIRISK_FILE_CONTEXT_CHARS: '5000',
      AIRISK_EXTRACT_WORKERS: '4',
      AIRISK_EXTRACT_QUEUE: '0',
      AIRISK_EXTRACT_TIMEOUT_MS: '2500',
      AIRISK_MONITOR_INTERVAL_MS: '250',
      AIRISK_NOTIFY_RETRY_BASE_MS: '100',
      AIRISK_EXTRACT_HEAP_MB: '512',
      AIRISK_EXTRACT_MAX_CHARS: '1000',
      AIRISK_CORS_ORIGINS: 'https://app.example.com,http://localhost:3000',
      AIRISK_TRUSTED_PROXIES: ' 10.0.0.1, 192.168.0.0/16 ',
      AIRISK_OUTBOUND_ALLOWED_NETWORKS: '10.20.0.0/16',
      AIRISK_SMTP_URL: 'smtps://mailer:pw@mail.example.com:465',
      AIRISK_MAIL_FROM: 'Risk <risk@example.com>',
      AIRISK_SESSION_IDLE_SECONDS: '600',
      AIRISK_SESSION_MAX_SECONDS: '3600',
      AIRISK_SIGNIN_LOCKOUT_THRESHOLD: '0',
      AIRISK_METRICS_TOKEN: ' scrape-me_0123456789~+/= ',
      AIRISK_ARCHIVE_DIR: '/srv/airisk/archive',
      AIRISK_ARCHIVE_INTERVAL: '0',
      AIRISK_OIDC_ISSUER: 'https://login.example.com/tenant/',
      AIRISK_OIDC_CLIENT_ID: 'airisk',
      AIRISK_OIDC_CLIENT_SECRET: 'oidc-secret',
      AIRISK_OIDC_ALLOWED_DOMAINS: 'Example.com, @corp.example.org',
      AIRISK_OIDC_NEW_USERS: 'domain',
      AIRISK_OIDC_BUTTON: 'Sign in with Corp',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 9000,
      databaseUrl: 'postgres://db.internal/airisk',
      codeTtlSeconds: 600,
      accessTokenTtlSeconds: 60,
      issuer: 'https://airisk.example.com',
      masterKey: 'k'.repeat(43),
      requireGenericBearer: true,
      strictTokenRequest: true,
      logLevel: 'debug',
      rateLimitPerIp: 0,
      rateLimitPerClient: 50,
      lockoutThreshold: 3,
      lockoutSeconds: 60,
      keyRotationDays: 30,
      keyActivationDelaySeconds: 0,
      purgeIntervalSeconds: 120,
      engineTimeoutSeconds: 30,
      uploadMaxBytes: 2048,
      fileContextChars: 5000,
      extractWorkers: 4,
      extractQueue: 0,
      extractTimeoutMs: 2500,
      monitorIntervalMs: 250,
      notifyRetryBaseMs: 100,
      extractHeapMb: 512,
      extractMaxChars: 1000,
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      trustedProxies: ['10.0.0.1', '192.168.0.0/16'],
      outboundAllowedNetworks: ['10.20.0.0/16'],
      smtpUrl: 'smtps://mailer:pw@mail.example.com:465',
      mailFrom: 'Risk <risk@example.com>',
      sessionIdleSeconds: 600,
      sessionMaxSeconds: 3600,
      signinLockoutThreshold: 0,
      metricsToken: 'scrape-me_0123456789~+/=',
      archiveDir: '/srv/airisk/archive',
      archiveIntervalSeconds: 0,
      oidc: {
        issuer: 'https://login.example.com/tenant/',
        clientId: 'airisk',
        clientSecret: 'oidc-secret',
        allowedDomains: ['example.com', 'corp.example.org'],
        newUsers: 'domain',
        button: 'Sign in with Corp',
      },
    });
  });

  it.each([['postgresql://h/db'], ['sqlite::memory:'], ['sqlite:/var/lib/airisk/airisk.db']])(
    'accepts AIRISK_DATABASE_URL %s',
    (url) => {
      expect(loadConfig({ AIRISK_DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  it.each([
    ['1', true],
    ['yes', true],
    ['0', false],
    ['No', false],
    ['false', false],
  ])('reads AIRISK_REQUIRE_GENERIC_BEARER=%s as %s', (raw, expected) => {
    expect(loadConfig({ AIRISK_REQUIRE_GENERIC_BEARER: raw }).requireGenericBearer).toBe(expected);
  });

  it.each([
    ['true', true],
    ['0', false],
  ])('reads AIRISK_STRICT_TOKEN_REQUEST=%s as %s', (raw, expected) => {
    expect(loadConfig({ AIRISK_STRICT_TOKEN_REQUEST: raw }).strictTokenRequest).toBe(expected);
  });

  describe('AIRISK_TRUSTED_PROXIES', () => {
    it('takes addresses and CIDR ranges of both families', () => {
      const env = { AIRISK_TRUSTED_PROXIES: '127.0.0.1,::1, 10.0.0.0/8,fd00::/8' };
      expect(loadConfig(env).trustedProxies).toEqual([
        '127.0.0.1',
        '::1',
        '10.0.0.0/8',
        'fd00::/8',
      ]);
    });

    it.each(['proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2', '10.0.0/8'])(
      'refuses %s, naming the variable and what it takes',
      (value) => {
        expect(() => loadConfig({ AIRISK_TRUSTED_PROXIES: value })).toThrow(
          `AIRISK_TRUSTED_PROXIES must be IP addresses or CIDR ranges such as 10.0.0.1 or 10.0.0.0/8, separated by commas, got "${value}"`,
        );
      },
    );
  });

  describe('AIRISK_OUTBOUND_ALLOWED_NETWORKS', () => {
    it('is empty by default: custom APIs reach public addresses only', () => {
      expect(loadConfig({}).outboundAllowedNetworks).toEqual([]);
    });

    it('takes addresses and CIDR ranges of both families', () => {
      const env = { AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32, ::1,10.0.0.0/8' };
      expect(loadConfig(env).outboundAllowedNetworks).toEqual([
        '127.0.0.1/32',
        '::1',
        '10.0.0.0/8',
      ]);
    });

    it('refuses a host name, naming the variable', () => {
      expect(() => loadConfig({ AIRISK_OUTBOUND_ALLOWED_NETWORKS: 'intranet.local' })).toThrow(
        'AIRISK_OUTBOUND_ALLOWED_NETWORKS must be IP addresses or CIDR ranges',
      );
    });
  });

  describe('AIRISK_CORS_ORIGINS', () => {
    it('splits on commas, trims and skips empty entries', () => {
      const env = { AIRISK_CORS_ORIGINS: ' https://a.example , ,http://[::1]:5173,' };
      expect(loadConfig(env).corsOrigins).toEqual(['https://a.example', 'http://[::1]:5173']);
    });

    it('keeps an http(s) origin in the form browsers send it; other schemes as written', () => {
      const env = { AIRISK_CORS_ORIGINS: 'HTTPS://App.Example.com:443,capacitor://localhost' };
      expect(loadConfig(env).corsOrigins).toEqual([
        'https://app.example.com',
        'capacitor://localhost',
      ]);
    });

    it.each([
      'https://app.example.com/',
      'https://app.example.com/app',
      'https://app.example.com?x=1',
      'https://app.example.com#top',
      'https://user@app.example.com',
      'app.example.com',
      '*',
      'null',
      'https://',
      'https://app.example.com:99999',
    ])('rejects %j with a ConfigError naming the variable and the value', (value) => {
      const load = () => loadConfig({ AIRISK_CORS_ORIGINS: `https://ok.example,${value}` });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow('AIRISK_CORS_ORIGINS');
      expect(load).toThrow(`"${value}"`);
    });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['AIRISK_CODE_TTL', '0'],
    ['AIRISK_CODE_TTL', '601'],
    ['AIRISK_CODE_TTL', '1e2'],
    ['AIRISK_ACCESS_TOKEN_TTL', '59'],
    ['AIRISK_ACCESS_TOKEN_TTL', '86401'],
    ['AIRISK_ACCESS_TOKEN_TTL', 'one hour'],
    ['AIRISK_DATABASE_URL', 'mysql://h/db'],
    ['AIRISK_DATABASE_URL', './data/airisk.db'],
    ['AIRISK_REQUIRE_GENERIC_BEARER', 'maybe'],
    ['AIRISK_STRICT_TOKEN_REQUEST', 'strict'],
    ['AIRISK_LOG_LEVEL', 'verbose'],
    ['AIRISK_RATE_LIMIT_PER_IP', '-1'],
    ['AIRISK_RATE_LIMIT_PER_CLIENT', 'lots'],
    ['AIRISK_LOCKOUT_THRESHOLD', '1.5'],
    ['AIRISK_LOCKOUT_SECONDS', '0'],
    ['AIRISK_KEY_ROTATION_DAYS', '3651'],
    ['AIRISK_KEY_ACTIVATION_DELAY', '86401'],
    ['AIRISK_PURGE_INTERVAL', 'daily'],
    ['AIRISK_ENGINE_TIMEOUT', '0'],
    ['AIRISK_UPLOAD_MAX_BYTES', '10MB'],
    ['AIRISK_EXTRACT_WORKERS', '0'],
    ['AIRISK_EXTRACT_QUEUE', '-1'],
    ['AIRISK_EXTRACT_TIMEOUT_MS', '10s'],
    ['AIRISK_EXTRACT_HEAP_MB', '16'],
    ['AIRISK_MONITOR_INTERVAL_MS', '5'],
    ['AIRISK_NOTIFY_RETRY_BASE_MS', '0'],
    ['AIRISK_EXTRACT_MAX_CHARS', '999'],
    ['AIRISK_ISSUER', 'not a url'],
    ['AIRISK_ISSUER', 'ftp://airisk.example.com'],
    ['AIRISK_ISSUER', 'https://airisk.example.com/?tenant=1'],
    ['AIRISK_ISSUER', 'https://airisk.example.com/#top'],
    ['AIRISK_SMTP_URL', 'mail.example.com:25'],
    ['AIRISK_SMTP_URL', 'http://mail.example.com'],
    ['AIRISK_SESSION_IDLE_SECONDS', '59'],
    ['AIRISK_SESSION_IDLE_SECONDS', '8h'],
    ['AIRISK_SESSION_MAX_SECONDS', '31536001'],
    ['AIRISK_SIGNIN_LOCKOUT_THRESHOLD', '-5'],
    ['AIRISK_OIDC_ISSUER', 'https://login.example.com'],
    ['AIRISK_OIDC_CLIENT_ID', 'airisk'],
  ])('rejects %s=%j with a ConfigError naming it', (name, value) => {
    const load = () => loadConfig({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(name);
  });

  describe('single sign-on', () => {
    const sso = { AIRISK_OIDC_ISSUER: 'https://idp.example.com', AIRISK_OIDC_CLIENT_ID: 'airisk' };

    it('defaults to invited users only, any domain, and a generic button', () => {
      expect(loadConfig(sso).oidc).toEqual({
        issuer: 'https://idp.example.com',
        clientId: 'airisk',
        clientSecret: undefined,
        allowedDomains: [],
        newUsers: 'invited',
        button: 'Single sign-on',
      });
    });

    it.each([
      ['AIRISK_OIDC_ISSUER', 'idp.example.com'],
      ['AIRISK_OIDC_NEW_USERS', 'everyone'],
      ['AIRISK_OIDC_ALLOWED_DOMAINS', 'example.com, not a domain'],
    ])('rejects %s=%j with a ConfigError naming it', (name, value) => {
      const load = () => loadConfig({ ...sso, [name]: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(name);
    });
  });

  it('never quotes AIRISK_SMTP_URL, which may hold the mail password', () => {
    const load = () => loadConfig({ AIRISK_SMTP_URL: 'smtp:/user:hunter2@mail.example.com' });
    expect(load).toThrow('AIRISK_SMTP_URL');
    expect(load).not.toThrow('hunter2');
  });

  it.each([['short-token'], ['a token with spaces 0123456789'], ['"quoted-0123456789abc"']])(
    'refuses AIRISK_METRICS_TOKEN %s without quoting it: too short, or not a bearer token',
    (token) => {
      const load = () => loadConfig({ AIRISK_METRICS_TOKEN: token });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/AIRISK_METRICS_TOKEN must be at least 16 characters/);
      expect(load).not.toThrow(token);
    },
  );

  it('names the bad value, so the operator sees what was read', () => {
    expect(() => loadConfig({ AIRISK_CODE_TTL: '9000' })).toThrow('"9000"');
  });

  describe('issuer', () => {
    it.each([
      ['https://airisk.example.com/', 'https://airisk.example.com'],
      ['https://airisk.example.com//', 'https://airisk.example.com'],
      ['https://example.com/airisk/', 'https://example.com/airisk'],
      ['  http://localhost:3000  ', 'http://localhost:3000'],
    ])('strips trailing slashes: %j -> %s', (raw, expected) => {
      expect(loadConfig({ AIRISK_ISSUER: raw }).issuer).toBe(expected);
    });

    it.each([
      [{ HOST: 'airisk.local', PORT: '3000' }, 'http://airisk.local:3000'],
      [{ HOST: '0.0.0.0' }, 'http://127.0.0.1:8080'],
      [{ HOST: '::' }, 'http://127.0.0.1:8080'],
      [{ HOST: '::1', PORT: '81' }, 'http://[::1]:81'],
    ])('defaults from HOST and PORT: %j -> %s', (env, expected) => {
      expect(loadConfig(env).issuer).toBe(expected);
    });
  });
});
