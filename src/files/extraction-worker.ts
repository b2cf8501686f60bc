import type { MessagePort } from 'node:worker_threads';
import type { DocumentReader, ReadOutcome } from './read-outcome.ts';
import { readDocx } from './docx-text.ts';
import { readPdf } from './pdf-text.ts';

// Runs in the extraction pool's worker threads (extraction-pool.ts), never on the main thread:
// a document that takes gigabytes or minutes to parse then costs a worker, not the server.

const READERS = { pdf: readPdf, docx: readDocx } satisfies Record<string, DocumentReader>;

/** The kinds of document read in the pool; a new parser is one more entry in READERS. */
export type DocumentKind = keyof typeof READERS;

export interface ExtractionTask {
  kind: DocumentKind;
  fileName: string;
  bytes: Uint8Array;
  maxChars: number;
  /** Told when the task starts, so that its time limit leaves out its wait in the queue. */
  started: MessagePort;
}

export default async function extract(task: ExtractionTask): Promise<ReadOutcome> {
  task.started.postMessage('started');
  task.started.close();
  const outcome = await READERS[task.kind](task.fileName, task.bytes, task.maxChars);
  return 'text' in outcome && outcome.text.length > task.maxChars ? { overChars: true } : outcome;
}
