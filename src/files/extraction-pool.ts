import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  ServiceUnavailableError,
  UnreadableWithinLimitsError,
  ValidationError,
} from '../lib/errors.ts';
import { createSlots } from '../lib/slots.ts';
import { installPath, RUNS_BUNDLED } from '../lib/install-root.ts';
import type { ReadOutcome } from './read-outcome.ts';
import type { DocumentKind, ExtractionTask } from './extraction-worker.ts';

/** How much of the machine reading documents may take (the AIRISK_EXTRACT_* settings). */
export interface ExtractionLimits {
  /** Documents read at the same time, each in a worker thread of its own. */
  workers: number;
  /** Documents waiting for a worker; one more is refused with 503. */
  queue: number;
  /** Wall-clock time one document may take, from when a worker starts on it. */
  timeoutMs: number;
  /** A worker's heap (V8 old generation); passing it ends that worker. */
  heapMb: number;
  /** Characters of text one document may yield. */
  maxChars: number;
}

/** Parsers run off the main thread, within limits, so that no upload can stall the server. */
export interface ExtractionPool {
  /**
   * The text of a document of this kind. Throws ValidationError for a damaged document,
   * UnreadableWithinLimitsError when a limit stopped it, ServiceUnavailableError when the
   * workers and the queue are full or the pool is closed.
   */
  extract(kind: DocumentKind, fileName: string, bytes: Uint8Array): Promise<string>;
  /** Worker threads alive now: none once closed, and none before the first document. */
  threadCount(): number;
  /** Ends every worker, stopping whatever they read; later documents are refused. */
  close(): Promise<void>;
}

// A worker idle this long exits, and only then is the memory a document took given back to the
// system (freed buffers stay with its thread); the next document starts another.
export const IDLE_TIMEOUT_MS = 10_000;

// The built server starts the bundled worker; from the .ts sources, a loader goes first.
const WORKER_FILE = pathToFileURL(
  RUNS_BUNDLED
    ? installPath('dist', 'files', 'extraction-worker.js')
    : installPath('src', 'files', 'extraction-worker-tsx.mjs'),
);

export function createExtractionPool(limits: ExtractionLimits): ExtractionPool {
  const pool = new Piscina<ExtractionTask, ReadOutcome>({
    filename: WORKER_FILE.href,
    minThreads: 0,
    maxThreads: limits.workers,
    idleTimeout: IDLE_TIMEOUT_MS,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
    // Not the server's Node flags (--max-old-space-size, a debugger): the limits above apply.
    execArgv: [],
  });
  // Piscina emits an error only for a worker that fails holding no task: one already aborted,
  // reaching its heap limit while it is being ended. Its request has had its answer, and the
  // worker is gone; unheard, the event would end the server.
  pool.on('error', () => undefined);
  // The line is kept here, not in piscina: a task queued there waits forever once the worker it
  // was meant for is ended (minThreads 0 starts no other). Piscina only gets what it can start.
  const slots = createSlots(limits.workers, limits.queue);
  // The longest a worker stays taken: when a document in line can hope to start.
  const retryAfterSeconds = Math.ceil(limits.timeoutMs / 1000);
  const shuttingDown = () =>
    new ServiceUnavailableError('The server is shutting down', retryAfterSeconds);
  let closed = false;

  return {
    async extract(kind, fileName, bytes) {
      if (closed) {
        throw shuttingDown();
      }
      if (!(await slots.acquire())) {
        throw new ServiceUnavailableError(
          `The server is reading as many documents as it can; send ${fileName} again in ${retryAfterSeconds} s`,
          retryAfterSeconds,
        );
      }
      let outcome: TimedOutcome;
      try {
        outcome = await runTimed(
          pool,
          { kind, fileName, bytes, maxChars: limits.maxChars },
          limits,
        );
      } catch (error) {
        if (closed) {
          throw shuttingDown();
        }
        throw new UnreadableWithinLimitsError(withinLimits(fileName, failureOf(error, limits)));
      } finally {
        slots.release();
      }
      return textOf(fileName, outcome, limits);
    },
    threadCount: () => pool.threads.length,
    async close() {
      closed = true;
      slots.rejectWaiting(shuttingDown());
      await pool.destroy();
    },
  };
}

type TimedOutcome = ReadOutcome | { timedOut: true };

/** Runs the task, aborting it (which ends its worker) `timeoutMs` after a worker took it. */
async function runTimed(
  pool: Piscina<ExtractionTask, ReadOutcome>,
  task: Omit<ExtractionTask, 'started'>,
  { timeoutMs }: ExtractionLimits,
): Promise<TimedOutcome> {
  const abort = new AbortController();
  const { port1, port2 } = new MessageChannel();
  let timer: NodeJS.Timeout | undefined;
  port1.once('message', () => {
    timer = setTimeout(() => abort.abort(), timeoutMs);
  });
  try {
    return await pool.run(
      { ...task, started: port2 },
      { signal: abort.signal, transferList: [port2] },
    );
  } catch (error) {
    if (abort.signal.aborted) {
      return { timedOut: true };
    }
    throw error;
  } finally {
    clearTimeout(timer);
    port1.close();
  }
}

function textOf(fileName: string, outcome: TimedOutcome, limits: ExtractionLimits): string {
  if ('text' in outcome) {
    return outcome.text;
  }
  if ('damaged' in outcome) {
    throw new ValidationError(outcome.damaged);
  }
  const reason =
    'overChars' in outcome
      ? `its text is longer than ${limits.maxChars} characters`
      : `reading it took longer than ${limits.timeoutMs / 1000} s`;
  throw new UnreadableWithinLimitsError(withinLimits(fileName, reason));
}

/** Why a worker stopped without an answer, as the reason the 422 gives. */
export function failureOf(error: unknown, limits: ExtractionLimits): string {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `reading it needed more than ${limits.heapMb} MB of memory`;
  }
  return 'the reader stopped before the end';
}

function withinLimits(fileName: string, reason: string): string {
  return `${fileName} could not be read within the limits (${reason}); split it into smaller files, or save its text as .txt and upload that`;
}
