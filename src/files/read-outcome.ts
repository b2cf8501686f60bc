/**
 * What a document reader found, as it crosses back from the worker thread: the text, or the
 * reason there is none. Errors would lose their class on the way, so refusals are plain data.
 */
export type ReadOutcome =
  /** The document's text, possibly empty. */
  | { text: string }
  /** Not a readable document of its kind (400); the message names the file. */
  | { damaged: string }
  /** Its text passed the character cap, and reading stopped there (422). */
  | { overChars: true };

/** Reads one kind of document, stopping early, when it can, once `maxChars` is passed. */
export type DocumentReader = (
  fileName: string,
  bytes: Uint8Array,
  maxChars: number,
) => Promise<ReadOutcome>;
