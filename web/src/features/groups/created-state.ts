/** The navigation state the groups page leaves when it created the group it opens. */
export interface CreatedState {
  created: string;
}

export function createdName(state: unknown): string | undefined {
  return typeof state === 'object' && state !== null && 'created' in state
    ? String((state as CreatedState).created)
    : undefined;
}
