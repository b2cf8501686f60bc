import { afterEach, describe, expect, it } from 'vitest';
import {
  createExtractionPool,
  failureOf,
  type ExtractionLimits,
  type ExtractionPool,
} from '../../src/files/extraction-pool.ts';
import { ServiceUnavailableError, UnreadableWithinLimitsError } from '../../src/lib/errors.ts';
import { pdf, pdfOfContent } from '../helpers/file-fixtures.ts';

// The pool wrapper's own rules; the HTTP answers and the hostile documents are in
// test/http/chat-file-limits.test.ts.

const LIMITS: ExtractionLimits = {
  workers: 1,
  queue: 1,
  timeoutMs: 1500,
  heapMb: 64,
  maxChars: 100_000,
};

let pool: ExtractionPool | undefined;
afterEach(() => pool?.close());

// Saving and restoring the graphics state, 64 MiB of it: seconds of parsing, little memory.
const busyWork = () => pdfOfContent('q Q\n', 64);

describe('createExtractionPool', () => {
  it('counts a time limit from when a worker starts on the document, not from its wait in line', async () => {
    pool = createExtractionPool(LIMITS);
    const slow = pool.extract('pdf', 'slow.pdf', await busyWork());
    // In line behind slow.pdf for its whole time limit, then read in far less than its own.
    const waiting = pool.extract('pdf', 'report.pdf', await pdf(['Quarterly risk']));

    await expect(slow).rejects.toThrow(UnreadableWithinLimitsError);
    expect(await waiting).toBe('Quarterly risk');
  });

  it('refuses documents in line and ends every worker when closed', async () => {
    pool = createExtractionPool(LIMITS);
    const bytes = await busyWork();
    const inPool = Promise.allSettled([
      pool.extract('pdf', 'a.pdf', bytes),
      pool.extract('pdf', 'b.pdf', bytes),
    ]);
    while (pool.threadCount() === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    await pool.close();

    expect(pool.threadCount()).toBe(0);
    const shuttingDown = new ServiceUnavailableError('The server is shutting down', 2);
    expect(await inPool).toEqual([
      { status: 'rejected', reason: shuttingDown },
      { status: 'rejected', reason: shuttingDown },
    ]);
    await expect(pool.extract('pdf', 'c.pdf', bytes)).rejects.toThrow(shuttingDown);
  });

  it('names the limit that ended a worker, or says it stopped', () => {
    const outOfMemory = Object.assign(new Error('heap'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect(failureOf(outOfMemory, LIMITS)).toBe('reading it needed more than 64 MB of memory');
    expect(failureOf(new Error('worker exited with code: 1'), LIMITS)).toBe(
      'the reader stopped before the end',
    );
  });
});
