// ImportOpenApi's choice of operations, as the import page makes it.

/** The operation's key for ImportOpenApi's `operations`: "METHOD /path" as the document has it. */
export function operationKey(operation: { method: string; path: string }): string {
  return `${operation.method} ${operation.path}`;
}

/**
 * The keys of the operations that can still be imported: one whose name a custom API has already
 * (nameTaken) would make the whole import fail, so it is never picked.
 */
export function pickableKeys(
  operations: readonly { method: string; path: string; nameTaken: boolean }[],
): Set<string> {
  return new Set(operations.filter((operation) => !operation.nameTaken).map(operationKey));
}
