/**
 * A module loaded at its first use, then kept: the server starts without it, and later uses
 * skip import(), which resolves its specifier again each call (through every loader hook).
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
