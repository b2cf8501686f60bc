import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import { purgeExpired } from './purge.ts';
import { rotateSigningKeyIfDue } from './key-rotation.ts';
import { startArchiving } from './archive-schedule.ts';

/**
 * Runs the housekeeping of one instance every `purgeIntervalSeconds`, with jitter so a fleet
 * started together does not act in step. Returns a function that stops it.
 */
export function startMaintenance(
  deps: { config: Config; store: Store; clock: Clock; masterKey: Buffer },
  log: Pick<Logger, 'info' | 'error'>,
): () => void {
  const { config, store, clock, masterKey } = deps;
  const stopArchiving = startArchiving(deps, log);
  if (config.purgeIntervalSeconds <= 0) {
    return stopArchiving;
  }
  const run = async (): Promise<void> => {
    try {
      const purged = await purgeExpired(store, clock, config);
      const rotated = await rotateSigningKeyIfDue(store, masterKey, clock, {
        rotationDays: config.keyRotationDays,
        activationDelaySeconds: config.keyActivationDelaySeconds,
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      });
      await store.refreshStatistics();
      log.info({ purged, rotatedKey: rotated }, 'maintenance done');
    } catch (error) {
      log.error({ err: error }, 'maintenance failed; it will run again');
    }
  };
  const intervalMs = config.purgeIntervalSeconds * 1000;
  const timer = setInterval(() => void run(), intervalMs * (0.9 + Math.random() * 0.2));
  timer.unref();
  return () => {
    clearInterval(timer);
    stopArchiving();
  };
}
