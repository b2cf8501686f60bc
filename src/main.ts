import { ConfigError, loadConfig } from './config/config.ts';
import { openAppDeps } from './deps.ts';
import { buildApp } from './app.ts';
import { startMaintenance } from './maintenance/scheduler.ts';
import { warmUpScanners } from './scanners/warm-up.ts';
import { ensureFirstRunLink } from './accounts/first-run.ts';

const IDLE_REAP_MS = 100;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const deps = await openAppDeps(config, { database: { backgroundCheckpoints: true } });
  const app = await buildApp(deps, { level: config.logLevel });
  const stopMaintenance = startMaintenance(deps, app.log);
  let closing = false;
  const close = async (signal: string): Promise<void> => {
    if (closing) {
      return;
    }
    closing = true;
    stopMaintenance();
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // Kept-alive connections stay open after their last response, and app.close() waits for
    // them; closing each as soon as it is idle lets in-flight requests finish, then the process.
    const reaper = setInterval(() => app.server.closeIdleConnections(), IDLE_REAP_MS);
    await app.close();
    clearInterval(reaper);
    await deps.store.close();
  };
  process.once('SIGINT', (signal) => void close(signal));
  process.once('SIGTERM', (signal) => void close(signal));
  await warmUpScanners(deps.store);
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`AIRisk API ready at ${config.issuer} (docs: ${config.issuer}/docs)`);
  // Printed, not logged: the one way into a new installation, for the person who started it.
  const setupLink = await ensureFirstRunLink(deps);
  if (setupLink !== undefined) {
    console.log(
      `\nNo users yet: open this link to create the first administrator (valid for 24 hours):\n\n  ${setupLink}\n`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('The server could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
