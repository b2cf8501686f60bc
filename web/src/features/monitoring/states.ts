// What the monitoring pages tell each other through navigation state, and shared words.

export const FORBIDDEN = {
  403: 'Only monitors and company administrators can open Monitoring. Ask an administrator for the Monitor role.',
};

/** The state the rule page leaves when it deleted the rule and goes back to the rules. */
export interface DeletedRuleState {
  deletedRule: string;
}

export function deletedRuleName(state: unknown): string | undefined {
  return typeof state === 'object' && state !== null && 'deletedRule' in state
    ? String((state as DeletedRuleState).deletedRule)
    : undefined;
}

/** The state the new-rule page leaves on the new rule's page. */
export interface CreatedRuleState {
  created: true;
}

export function isCreatedRule(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'created' in state;
}
