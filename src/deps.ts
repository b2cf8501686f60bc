import type { Config } from './config/config.ts';
import type { AppDeps } from './app.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { masterKeySource } from './config/master-key.ts';
import { databaseMasterKey } from './store/database-master-key.ts';
import { ConfigError } from './config/config.ts';
import { WrongMasterKeyError } from './lib/encryption.ts';
import { openStore } from './store/kysely-store.ts';
import { loadSigningKeys } from './oauth/signing-keys.ts';
import type { DatabaseOptions } from './store/database.ts';
import { createExtractionPool } from './files/extraction-pool.ts';
import type { ServerMetrics } from './metrics/metrics.ts';

/**
 * Opens the store (migrating it), unlocks the signing keys, sets up the extraction pool (its
 * workers start with the first document): everything buildApp needs.
 */
export async function openAppDeps(
  config: Config,
  options: { clock?: Clock; database?: DatabaseOptions } = {},
): Promise<AppDeps> {
  const clock = options.clock ?? systemClock;
  const masterKey = databaseMasterKey(config);
  const metrics = await openMetrics(config);
  const store = await openStore(config.databaseUrl, { ...options.database, observer: metrics });
  try {
    const keys = await loadSigningKeys(store, masterKey, clock).catch((error: unknown) => {
      throw error instanceof WrongMasterKeyError
        ? new ConfigError(
            `The master key from ${masterKeySource(config.masterKey, config.databaseUrl)} is not the key this database was created with: it cannot open the server's signing keys. Start with the database's own key (from your backup of it); a new key only goes with a new database`,
          )
        : error;
    });
    const extraction = createExtractionPool({
      workers: config.extractWorkers,
      queue: config.extractQueue,
      timeoutMs: config.extractTimeoutMs,
      heapMb: config.extractHeapMb,
      maxChars: config.extractMaxChars,
    });
    return { config, store, clock, keys, masterKey, extraction, metrics };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Without AIRISK_METRICS_TOKEN nobody may read the metrics, so none are kept: requests pay
 * nothing, and prom-client (a tenth of a second to load) is not even loaded.
 */
async function openMetrics(config: Config): Promise<ServerMetrics | undefined> {
  if (config.metricsToken === undefined) {
    return undefined;
  }
  const { createServerMetrics } = await import('./metrics/prometheus-metrics.ts');
  return createServerMetrics();
}
