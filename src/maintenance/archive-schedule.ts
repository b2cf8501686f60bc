import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import {
  ArchiveBusyError,
  runArchive,
  type ArchiveDeps,
  type ArchiveRunResult,
} from '../archive/archive-run.ts';

type Log = Pick<Logger, 'info' | 'error'>;

// The first run comes soon after start (a server restarted daily must still archive), at most
// this long; later ones every AIRISK_ARCHIVE_INTERVAL.
const FIRST_RUN_MAX_SECONDS = 300;

/** One scheduled run: skipped, not failed, while another instance (or the CLI) is archiving. */
export async function scheduledArchive(
  deps: ArchiveDeps,
  log: Log,
  signal?: AbortSignal,
): Promise<ArchiveRunResult | undefined> {
  try {
    const result = await runArchive(deps, { signal });
    const { file, archived, held, changed } = result;
    log.info({ file, archived, held, changed }, 'archive run done');
    return result;
  } catch (error) {
    if (error instanceof ArchiveBusyError) {
      log.info('archive run skipped: another one is in progress');
    } else if (!signal?.aborted) {
      log.error({ err: error }, 'archive run failed; it will run again');
    }
    return undefined;
  }
}

/**
 * Runs the data archive every `archiveIntervalSeconds` (0: never), jittered so that a fleet
 * started together does not race for the lease in step. Returns a function that stops it.
 */
export function startArchiving(
  deps: ArchiveDeps & { config: Pick<Config, 'archiveIntervalSeconds' | 'archiveDir'> },
  log: Log,
): () => void {
  const intervalSeconds = deps.config.archiveIntervalSeconds;
  if (intervalSeconds <= 0) {
    return () => {};
  }
  const stopped = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (seconds: number) => {
    timer = setTimeout(() => void tick(), seconds * 1000 * (0.9 + Math.random() * 0.2));
    timer.unref();
  };
  const tick = async () => {
    await scheduledArchive(deps, log, stopped.signal);
    if (!stopped.signal.aborted) {
      schedule(intervalSeconds);
    }
  };
  schedule(Math.min(intervalSeconds, FIRST_RUN_MAX_SECONDS));
  return () => {
    stopped.abort();
    clearTimeout(timer);
  };
}
