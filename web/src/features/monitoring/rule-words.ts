import type { NewRule } from './api.ts';

// The words the pages use for what a rule watches. Each list is keyed by the API's own enum, so a
// kind, verdict or scanner the API adds breaks the build here rather than showing a raw name.

export type RuleDefinition = NewRule['definition'];
export type RuleKind = RuleDefinition['kind'];
export type CountDefinition = Extract<RuleDefinition, { kind: 'count' }>;
export type SpendDefinition = Extract<RuleDefinition, { kind: 'spend' }>;
export type ErrorRateDefinition = Extract<RuleDefinition, { kind: 'error_rate' }>;
export type CountFilter = CountDefinition['filter'];
export type ActivityKind = NonNullable<CountFilter['kinds']>[number];
export type Verdict = NonNullable<CountFilter['verdicts']>[number];
export type ScannerName = NonNullable<CountFilter['scanners']>[number];
export type CountSubject = CountDefinition['subject'];
export type SpendSubject = SpendDefinition['subject'];
export type SpendMetric = SpendDefinition['metric'];
export type SpendPeriod = SpendDefinition['period'];

export const RULE_KINDS: readonly { value: RuleKind; label: string; hint: string }[] = [
  {
    value: 'count',
    label: 'Matching events',
    hint: 'So many events of a kind within a time window, e.g. 5 blocked messages by one person in an hour.',
  },
  {
    value: 'spend',
    label: 'Spend',
    hint: "A person's or an agent's tokens or cost in a day or a month reaches an amount.",
  },
  {
    value: 'error_rate',
    label: 'Provider errors',
    hint: "An agent's AI provider fails on a share of its calls.",
  },
];

export const ACTIVITY_KINDS: Record<ActivityKind, string> = {
  blocked: 'Blocked messages',
  prompt: 'Questions',
  answer: 'Answers',
  file_upload: 'File uploads',
  feedback: 'Feedback',
  provider_error: 'Provider errors',
  conversation_deleted: 'Deleted conversations',
  settings_changed: 'Settings changes',
};

export const VERDICTS: Record<Verdict, string> = {
  pass: 'Passed',
  flag: 'Flagged',
  redact: 'Redacted',
  block: 'Blocked',
};

export const SCANNERS: Record<ScannerName, string> = {
  secrets: 'Secrets',
  personalInformation: 'Personal information',
  regex: 'Your patterns',
  promptInjection: 'Prompt injection',
  toxicity: 'Toxicity',
  topic: 'Topics',
  geoGating: 'Location',
  allowedFileTypes: 'File types',
  languageDetection: 'Language',
  aiPromptInjection: 'AI prompt injection',
  aiToxicity: 'AI toxicity',
  aiTopic: 'AI topics',
};

export const COUNT_SUBJECTS: Record<CountSubject, string> = {
  user: 'Each person',
  agent: 'Each agent',
  company: 'Everyone together',
};

export const SPEND_SUBJECTS: Record<SpendSubject, string> = {
  user: 'Each person',
  agent: 'Each agent',
};

export const SPEND_METRICS: Record<SpendMetric, string> = {
  tokens: 'Tokens (prompt and answer)',
  costMicros: 'Cost in US dollars',
};

export const SPEND_PERIODS: Record<SpendPeriod, string> = {
  day: 'Per day (UTC)',
  month: 'Per month (UTC)',
};

export const entriesOf = <Key extends string>(labels: Record<Key, string>) =>
  Object.entries(labels) as [Key, string][];

const MICROS_PER_DOLLAR = 1_000_000;
const number = new Intl.NumberFormat();
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function dollarsOf(micros: number): string {
  return dollars.format(micros / MICROS_PER_DOLLAR);
}

export function microsOf(dollarText: string): number {
  return Math.round(Number(dollarText) * MICROS_PER_DOLLAR);
}

/** 90 → "90 minutes", 120 → "2 hours", 1440 → "1 day". */
export function windowText(minutes: number): string {
  const [amount, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  return `${number.format(amount)} ${unit}${amount === 1 ? '' : 's'}`;
}

const listed = (words: string[]) => words.join(' or ');

/** What the rule watches, in one sentence (`agentName` names an agent filter's id). */
export function describeRule(
  definition: RuleDefinition,
  agentName: (agentId: string) => string,
): string {
  switch (definition.kind) {
    case 'count': {
      const { filter } = definition;
      const conditions = [
        filter.verdicts?.length &&
          `${listed(filter.verdicts.map((verdict) => VERDICTS[verdict].toLowerCase()))}`,
        filter.scanners?.length &&
          `found by ${listed(filter.scanners.map((scanner) => SCANNERS[scanner]))}`,
        filter.findingTypes?.length && `with ${listed(filter.findingTypes)} findings`,
        filter.agentId && `with agent ${agentName(filter.agentId)}`,
      ].filter(Boolean);
      const whose = COUNT_SUBJECTS[definition.subject].toLowerCase();
      const what = filter.kinds?.length
        ? listed(filter.kinds.map((kind) => ACTIVITY_KINDS[kind].toLowerCase()))
        : 'events of any kind';
      return (
        `${what.charAt(0).toUpperCase()}${what.slice(1)}` +
        `${conditions.length ? ` (${conditions.join(', ')})` : ''}: ` +
        `${number.format(definition.threshold)} within ${windowText(definition.windowMinutes)}, ` +
        `counted for ${whose}`
      );
    }
    case 'spend': {
      const whose = definition.subject === 'user' ? "Each person's" : "Each agent's";
      const what = definition.metric === 'tokens' ? 'tokens' : 'cost';
      const amount =
        definition.metric === 'tokens'
          ? `${number.format(definition.amount)} tokens`
          : dollarsOf(definition.amount);
      return `${whose} ${what} per ${definition.period} (UTC) reaching ${amount}`;
    }
    case 'error_rate':
      return (
        `Each agent's provider errors reaching ${definition.percent}% of its calls ` +
        `(${number.format(definition.minCalls)} calls at least) within ${windowText(definition.windowMinutes)}`
      );
  }
}
