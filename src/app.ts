import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config/config.ts';
import type { Clock } from './lib/clock.ts';
import type { Store } from './store/store.ts';
import type { SigningKeys } from './oauth/signing-keys.ts';
import type { ExtractionPool } from './files/extraction-pool.ts';
import type { OAuthDeps } from './oauth/oauth-deps.ts';
import { createOAuthCaches } from './oauth/oauth-caches.ts';
import { traceIdForRequest } from './http/trace.ts';
import { serverLogOptions } from './http/server-log.ts';
import { installValidation } from './http/validation.ts';
import { sharedSerializers } from './http/compiled-schemas.ts';
import { installCaseInsensitiveNames } from './http/request-names.ts';
import { installBodyParsers } from './http/body-parsers.ts';
import { answerFrameworkError, installErrorHandling } from './http/errors.ts';
import { MAX_PATH_SEGMENT_CHARS } from './vocabulary/limits.ts';
import { installCors } from './http/cors.ts';
import { rewriteDocumentedAlias } from './http/path-aliases.ts';
import { installAccessControl } from './http/access.ts';
import cookie from '@fastify/cookie';
import { installSessionGuard } from './http/session-guard.ts';
import { accountRoutes } from './http/routes/account.ts';
import { accountSettingsRoutes } from './http/routes/account-settings.ts';
import { ssoRoutes } from './http/routes/sso.ts';
import { installOpenApi } from './http/openapi.ts';
import { oauth2Routes } from './http/routes/oauth2.ts';
import { usersRoutes } from './http/routes/users.ts';
import { userGroupsRoutes } from './http/routes/user-groups.ts';
import { userTokensRoutes } from './http/routes/user-tokens.ts';
import { groupsRoutes } from './http/routes/groups.ts';
import { logsRoutes } from './http/routes/logs.ts';
import { clientsRoutes } from './http/routes/clients.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installParameterLimits } from './http/parameter-limits.ts';
import { wellKnownRoutes } from './http/routes/well-known.ts';
import { healthRoutes } from './http/routes/health.ts';
import { invitationsRoutes } from './http/routes/invitations.ts';
import { userImportRoutes } from './http/routes/user-import.ts';
import type { Mailer } from './mail/mailer.ts';
import { createCompanyMailer } from './company/company-mailer.ts';
import { companyRoutes } from './http/routes/company.ts';
import { DEFAULT_WEB_ROOT, webAppRoutes } from './http/web-app.ts';
import { agentsRoutes } from './http/routes/agents.ts';
import { defaultAgentsRoutes } from './http/routes/default-agents.ts';
import { secretsRoutes } from './http/routes/secrets.ts';
import { agentToolsRoutes } from './http/routes/agent-tools.ts';
import { customApisRoutes } from './http/routes/custom-apis.ts';
import { customDatabasesRoutes } from './http/routes/custom-databases.ts';
import { toolDepsOf } from './tools/tool-deps.ts';
import { chatRoutes } from './http/routes/chat.ts';
import { chatFilesRoutes } from './http/routes/chat-files.ts';
import { scannersRoutes } from './http/routes/scanners.ts';
import { ScannerRunner } from './scanners/run-scanners.ts';
import { SCANNERS } from './scanners/registry.ts';
import { scannerJudge } from './chat/scanner-judge.ts';
import type { ScanningDeps } from './scanners/enforce.ts';
import { ActivitySignal } from './activity/activity-signal.ts';
import type { InsightDeps } from './activity/insight-deps.ts';
import { usageRoutes } from './http/routes/usage.ts';
import { complianceRoutes } from './http/routes/compliance.ts';
import { complianceHoldsRoutes } from './http/routes/compliance-holds.ts';
import { monitoringRoutes } from './http/routes/monitoring.ts';
import { monitoringNotificationRoutes } from './http/routes/monitoring-notifications.ts';
import { dashboardsRoutes } from './http/routes/dashboards.ts';
import { NO_METRICS, type ServerMetrics } from './metrics/metrics.ts';
import { installRequestMetrics } from './http/request-metrics.ts';
import { metricsRoutes } from './http/routes/metrics.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  keys: SigningKeys;
  /** Encrypts what is stored secret: signing keys, provider credentials, agents' API keys. */
  masterKey: Buffer;
  /** Reads uploaded documents in worker threads; closed with the app. */
  extraction: ExtractionPool;
  /**
   * Sends invitations and password resets; default: the mail server the company settings name at
   * each mail, else AIRISK_SMTP_URL's, none when neither is set.
   */
  mailer?: Mailer | undefined;
  /** The built web app (`npm run web:build`); web/dist unless a test serves another folder. */
  webRoot?: string;
  /** What GET /metrics shows; undefined while AIRISK_METRICS_TOKEN is unset. */
  metrics: ServerMetrics | undefined;
}

// The API takes small JSON documents; uploads set their own limit (AIRISK_UPLOAD_MAX_BYTES).
const BODY_LIMIT_BYTES = 1024 * 1024;

/** A ready Fastify instance that never listens: main.ts and the tests share it. */
export async function buildApp(
  deps: AppDeps,
  logger: FastifyServerOptions['logger'] = false,
): Promise<FastifyInstance> {
  const { config, store, clock, keys, masterKey, extraction } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  const app = Fastify({
    logger: serverLogOptions(logger),
    genReqId: traceIdForRequest,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: answerFrameworkError,
    routerOptions: {
      // The original is ASP.NET: paths match in any case, with or without a trailing slash (spec §0).
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PATH_SEGMENT_CHARS,
    },
    rewriteUrl: rewriteDocumentedAlias,
    // Only the configured proxies' X-Forwarded-For sets request.ip; by default nobody's is believed.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers } },
  });
  const activitySignal = new ActivitySignal();
  const scanning: ScanningDeps = {
    store,
    clock,
    activitySignal,
    runner: new ScannerRunner(
      SCANNERS,
      (scanner, error) =>
        app.log.warn(
          { scanner, err: error },
          `scanner ${scanner} failed; its onError policy decided`,
        ),
      (scanner, verdict) => metrics.scannerVerdict(scanner, verdict),
    ),
    judge: scannerJudge({
      store,
      clock,
      masterKey,
      timeoutMs: config.engineTimeoutSeconds * 1000,
      metrics,
    }),
  };
  const oauth: OAuthDeps = {
    store,
    clock,
    keys,
    settings: {
      issuer: config.issuer,
      codeTtlSeconds: config.codeTtlSeconds,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      requireGenericBearer: config.requireGenericBearer,
      strictTokenRequest: config.strictTokenRequest,
      rateLimitPerIp: config.rateLimitPerIp,
      rateLimitPerClient: config.rateLimitPerClient,
      lockoutThreshold: config.lockoutThreshold,
      lockoutSeconds: config.lockoutSeconds,
      sessionIdleSeconds: config.sessionIdleSeconds,
    },
    caches: createOAuthCaches(),
    metrics,
  };

  installValidation(app);
  installCaseInsensitiveNames(app);
  installErrorHandling(app);
  if (deps.metrics) {
    installRequestMetrics(app, deps.metrics);
  }
  await installCors(app, config.corsOrigins);
  installSecurityHeaders(app, config.issuer);
  installParameterLimits(app);
  await installBodyParsers(app);
  await installOpenApi(app, config.issuer);
  installAccessControl(app, oauth);
  // The web app's session cookie; bearer tokens stay the API's only other credential.
  await app.register(cookie);
  installSessionGuard(app, { store, clock, config });

  await app.register(oauth2Routes, { ...oauth, config });
  await app.register(usersRoutes, { store, clock });
  await app.register(accountRoutes, { store, clock, config, masterKey });
  await app.register(accountSettingsRoutes, { store, clock, config, masterKey });
  // Always there: whether single sign-on is configured is read at each request (404 while not).
  await app.register(ssoRoutes, { store, clock, config, masterKey });
  const mailer = deps.mailer ?? createCompanyMailer({ store, config, masterKey });
  app.addHook('onClose', async () => mailer.close());
  await app.register(invitationsRoutes, { store, clock, issuer: config.issuer, mailer, config });
  await app.register(userImportRoutes, { store, clock, issuer: config.issuer, mailer, config });
  await app.register(companyRoutes, { store, clock, config, masterKey, mailer });
  await app.register(userGroupsRoutes, { store, clock });
  await app.register(userTokensRoutes, { store, clock, masterKey });
  await app.register(groupsRoutes, { store, clock });
  await app.register(agentsRoutes, { store, clock, masterKey, activitySignal });
  await app.register(defaultAgentsRoutes, { store, clock });
  await app.register(secretsRoutes, { store, clock, masterKey });
  const toolDeps = toolDepsOf({ store, clock, masterKey, config });
  await app.register(customApisRoutes, toolDeps);
  await app.register(customDatabasesRoutes, toolDeps);
  await app.register(agentToolsRoutes, {
    clock,
    store,
    masterKey,
    engineTimeoutMs: config.engineTimeoutSeconds * 1000,
  });
  await app.register(chatRoutes, {
    ...scanning,
    ...toolDeps,
    masterKey,
    engineTimeoutMs: config.engineTimeoutSeconds * 1000,
    fileContextChars: config.fileContextChars,
    metrics,
  });
  await app.register(scannersRoutes, scanning);
  await app.register(chatFilesRoutes, {
    ...scanning,
    extraction,
    uploadMaxBytes: config.uploadMaxBytes,
  });
  await app.register(logsRoutes, { store, clock });
  const insight: InsightDeps = { ...scanning, config, masterKey, mailer, activitySignal };
  await app.register(usageRoutes, insight);
  await app.register(complianceRoutes, insight);
  await app.register(complianceHoldsRoutes, insight);
  await app.register(monitoringRoutes, insight);
  await app.register(monitoringNotificationRoutes, insight);
  await app.register(dashboardsRoutes, insight);
  await app.register(clientsRoutes, { store, clock });
  await app.register(wellKnownRoutes, oauth);
  await app.register(healthRoutes, store);
  await app.register(metricsRoutes, { token: config.metricsToken, metrics: deps.metrics });
  // Last: the web app answers only the GET paths no route above claims.
  await app.register(webAppRoutes, { root: deps.webRoot ?? DEFAULT_WEB_ROOT });
  // No worker thread outlives the app: tests and shutdown end with none.
  app.addHook('onClose', () => extraction.close());
  await app.ready();
  return app;
}
