import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const INTERVAL_MS = 250;
/**
 * The server's own connection still checkpoints once the WAL passes this many pages (40 MB),
 * should the worker fall behind or die: the worker normally keeps the WAL far below it.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

// Plain JavaScript, run with eval so that it needs no TypeScript loader in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing this time: the next tick, or the server's fallback, checkpoints.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * better-sqlite3 runs on the calling thread, and SQLite checkpoints the WAL in whichever commit
 * crosses its threshold: that request then copies pages back and fsyncs, stalling every other
 * request meanwhile. A worker thread with a connection of its own checkpoints instead, PASSIVE
 * (it neither waits for nor blocks the server's readers and writer), four times a second.
 */
export function startCheckpointer(file: string): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Not the server's Node flags: a loader or --input-type there could break its require().
    execArgv: [],
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: INTERVAL_MS,
    },
  });
  // A failed worker leaves checkpoints to the fallback threshold; it must not end the server.
  worker.on('error', () => undefined);
  worker.unref();
  return {
    async stop() {
      if (worker.threadId === -1) {
        return;
      }
      const exited = once(worker, 'exit');
      // Unreferenced, the worker alone would not keep the process up until it has exited.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
