/** The navigation state a page leaves when it deleted something and goes back to the list. */
export interface DeletedState {
  /** What was deleted, in words the list shows: "ada@example.com is deleted." */
  deleted: string;
}

export function deletedName(state: unknown): string | undefined {
  return typeof state === 'object' && state !== null && 'deleted' in state
    ? String((state as DeletedState).deleted)
    : undefined;
}
