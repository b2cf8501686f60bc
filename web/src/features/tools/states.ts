// What the Custom APIs and Custom databases pages tell each other through navigation state.

export const ADMIN_ONLY = {
  403: 'Only company administrators can manage custom APIs and databases. Ask one for the CompanyAdmin role.',
};

/** Left by a page that deleted its item, for the list it goes back to. */
export interface DeletedState {
  deleted: string;
}

export function deletedName(state: unknown): string | undefined {
  return typeof state === 'object' && state !== null && 'deleted' in state
    ? String((state as DeletedState).deleted)
    : undefined;
}

/** Left by the new-item page on the item's page; `imported`: how many the import made. */
export interface CreatedState {
  created: true;
}

export function isCreated(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'created' in state;
}

export interface ImportedState {
  imported: string[];
}

export function importedNames(state: unknown): string[] | undefined {
  return typeof state === 'object' && state !== null && 'imported' in state
    ? (state as ImportedState).imported
    : undefined;
}
