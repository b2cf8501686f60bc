import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { MonitorRuleRecord } from '../store/monitoring-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import type { RuleDefinition, Severity } from '../vocabulary/monitoring.ts';

export interface MonitoringDeps {
  store: Store;
  clock: Clock;
}

export interface RuleInput {
  name: string;
  severity?: Severity | undefined;
  enabled?: boolean | undefined;
  definition: RuleDefinition;
}

export type RuleChanges = Partial<RuleInput> & { ruleId: string };

function ruleName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') {
    throw new ValidationError('name must not be empty');
  }
  return trimmed;
}

export function ruleNotFound(ruleId: string): NotFoundError {
  return new NotFoundError(`No monitoring rule has id ${ruleId}`);
}

export async function createRule(
  { store, clock }: MonitoringDeps,
  input: RuleInput,
  actorId: string,
): Promise<MonitorRuleRecord> {
  const now = clock.nowSeconds();
  const rule: MonitorRuleRecord = {
    id: generateId(),
    name: ruleName(input.name),
    definition: input.definition,
    severity: input.severity ?? 'medium',
    enabled: input.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await store.monitoring.insertRule(rule);
  await recordAudit(store, clock, {
    event: 'monitor_rule_created',
    userId: actorId,
    details: { ruleId: rule.id, name: rule.name, kind: rule.definition.kind },
  });
  return rule;
}

/** Changes what the input names; the rule's open issues keep their severity and title. */
export async function updateRule(
  { store, clock }: MonitoringDeps,
  { ruleId, ...changes }: RuleChanges,
  actorId: string,
): Promise<MonitorRuleRecord> {
  const rule = await store.monitoring.findRule(ruleId);
  if (!rule) {
    throw ruleNotFound(ruleId);
  }
  const updated: MonitorRuleRecord = {
    ...rule,
    name: changes.name === undefined ? rule.name : ruleName(changes.name),
    severity: changes.severity ?? rule.severity,
    enabled: changes.enabled ?? rule.enabled,
    definition: changes.definition ?? rule.definition,
    updatedAt: clock.nowSeconds(),
  };
  if (!(await store.monitoring.updateRule(updated))) {
    throw ruleNotFound(ruleId);
  }
  await recordAudit(store, clock, {
    event: 'monitor_rule_updated',
    userId: actorId,
    details: { ruleId, changed: Object.keys(changes).sort() },
  });
  return updated;
}

/** Deletes the rule and its issues. */
export async function deleteRule(
  { store, clock }: MonitoringDeps,
  ruleId: string,
  actorId: string,
): Promise<void> {
  if (!(await store.monitoring.deleteRule(ruleId))) {
    throw ruleNotFound(ruleId);
  }
  await recordAudit(store, clock, {
    event: 'monitor_rule_deleted',
    userId: actorId,
    details: { ruleId },
  });
}
