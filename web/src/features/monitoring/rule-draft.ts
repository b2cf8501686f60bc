import type { NewRule, Rule, Severity } from './api.ts';
import {
  microsOf,
  type ActivityKind,
  type CountSubject,
  type RuleDefinition,
  type RuleKind,
  type ScannerName,
  type SpendMetric,
  type SpendPeriod,
  type SpendSubject,
  type Verdict,
} from './rule-words.ts';

// The rule form's state: what the inputs hold (text, as typed), for every kind at once, so that
// switching the kind back and forth loses nothing; and the API body made from it.

export const WINDOW_UNITS = [
  { value: 'minutes', label: 'Minutes', minutes: 1 },
  { value: 'hours', label: 'Hours', minutes: 60 },
  { value: 'days', label: 'Days', minutes: 1440 },
] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number]['value'];

/** The API's longest window: 30 days. */
export const MAX_WINDOW_MINUTES = 43_200;

export interface TimeWindow {
  amount: string;
  unit: WindowUnit;
}

export interface RuleDraft {
  name: string;
  severity: Severity;
  enabled: boolean;
  kind: RuleKind;
  count: {
    subject: CountSubject;
    threshold: string;
    window: TimeWindow;
    kinds: ActivityKind[];
    verdicts: Verdict[];
    scanners: ScannerName[];
    /** Comma-separated. */
    findingTypes: string;
    agentId: string;
  };
  spend: { subject: SpendSubject; metric: SpendMetric; period: SpendPeriod; amount: string };
  errorRate: { percent: string; minCalls: string; window: TimeWindow };
}

export const NEW_RULE: RuleDraft = {
  name: '',
  severity: 'medium',
  enabled: true,
  kind: 'count',
  count: {
    subject: 'user',
    threshold: '5',
    window: { amount: '1', unit: 'hours' },
    kinds: ['blocked'],
    verdicts: [],
    scanners: [],
    findingTypes: '',
    agentId: '',
  },
  spend: { subject: 'user', metric: 'tokens', period: 'day', amount: '100000' },
  errorRate: { percent: '20', minCalls: '10', window: { amount: '1', unit: 'hours' } },
};

export function unitMinutes(unit: WindowUnit): number {
  return WINDOW_UNITS.find((option) => option.value === unit)?.minutes ?? 1;
}

/** The largest unit the minutes divide into: 120 → 2 hours. */
export function windowOf(minutes: number): TimeWindow {
  const unit = [...WINDOW_UNITS].reverse().find((option) => minutes % option.minutes === 0);
  return unit
    ? { amount: String(minutes / unit.minutes), unit: unit.value }
    : { amount: String(minutes), unit: 'minutes' };
}

const minutesOf = (window: TimeWindow) => Number(window.amount) * unitMinutes(window.unit);

/** A saved rule, as the form shows it to be changed. */
export function draftOf(rule: Rule): RuleDraft {
  const draft: RuleDraft = {
    ...NEW_RULE,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled,
    kind: rule.definition.kind,
  };
  const definition = rule.definition;
  switch (definition.kind) {
    case 'count':
      return {
        ...draft,
        count: {
          subject: definition.subject,
          threshold: String(definition.threshold),
          window: windowOf(definition.windowMinutes),
          kinds: definition.filter.kinds ?? [],
          verdicts: definition.filter.verdicts ?? [],
          scanners: definition.filter.scanners ?? [],
          findingTypes: (definition.filter.findingTypes ?? []).join(', '),
          agentId: definition.filter.agentId ?? '',
        },
      };
    case 'spend':
      return {
        ...draft,
        spend: {
          subject: definition.subject,
          metric: definition.metric,
          period: definition.period,
          amount:
            definition.metric === 'costMicros'
              ? String(definition.amount / 1_000_000)
              : String(definition.amount),
        },
      };
    case 'error_rate':
      return {
        ...draft,
        errorRate: {
          percent: String(definition.percent),
          minCalls: String(definition.minCalls),
          window: windowOf(definition.windowMinutes),
        },
      };
  }
}

function definitionOf(draft: RuleDraft): RuleDefinition {
  switch (draft.kind) {
    case 'count': {
      const { count } = draft;
      const findingTypes = [
        ...new Set(
          count.findingTypes
            .split(',')
            .map((type) => type.trim())
            .filter(Boolean),
        ),
      ];
      return {
        kind: 'count',
        subject: count.subject,
        threshold: Number(count.threshold),
        windowMinutes: minutesOf(count.window),
        filter: {
          ...(count.kinds.length > 0 && { kinds: count.kinds }),
          ...(count.verdicts.length > 0 && { verdicts: count.verdicts }),
          ...(count.scanners.length > 0 && { scanners: count.scanners }),
          ...(findingTypes.length > 0 && { findingTypes }),
          ...(count.agentId.trim() && { agentId: count.agentId.trim() }),
        },
      };
    }
    case 'spend': {
      const { spend } = draft;
      return {
        kind: 'spend',
        subject: spend.subject,
        metric: spend.metric,
        period: spend.period,
        amount: spend.metric === 'costMicros' ? microsOf(spend.amount) : Number(spend.amount),
      };
    }
    case 'error_rate':
      return {
        kind: 'error_rate',
        percent: Number(draft.errorRate.percent),
        minCalls: Number(draft.errorRate.minCalls),
        windowMinutes: minutesOf(draft.errorRate.window),
      };
  }
}

/** The CreateRule body (UpdateRule takes the same fields and the rule's id). */
export function ruleBodyOf(draft: RuleDraft): NewRule {
  return {
    name: draft.name.trim(),
    severity: draft.severity,
    enabled: draft.enabled,
    definition: definitionOf(draft),
  };
}

/** What is wrong with the draft that the inputs' own checks cannot tell, or undefined. */
export function draftProblem(draft: RuleDraft): string | undefined {
  const window = draft.kind === 'count' ? draft.count.window : draft.errorRate.window;
  if (draft.kind !== 'spend' && minutesOf(window) > MAX_WINDOW_MINUTES) {
    return 'The window can be 30 days at most: shorten it, or watch a month with a spend rule.';
  }
  if (
    draft.kind === 'spend' &&
    draft.spend.metric === 'costMicros' &&
    microsOf(draft.spend.amount) < 1
  ) {
    return 'The cost must be more than $0: enter an amount in US dollars, e.g. 25.';
  }
  return undefined;
}
