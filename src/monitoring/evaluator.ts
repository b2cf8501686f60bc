import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.ts';
import type { ActivityEventRecord } from '../store/activity-store.ts';
import type { MonitorRuleRecord, MonitoringRepository } from '../store/monitoring-store.ts';
import type { ActivitySignal } from '../activity/activity-signal.ts';
import { generateId } from '../lib/secrets.ts';
import { queueNotifications } from './notification-targets.ts';
import { dayOf } from '../vocabulary/activity.ts';
import type { CountFilter, CountRule, ErrorRateRule, SpendRule } from '../vocabulary/monitoring.ts';

/** Events taken from the queue per transaction. */
export const EVALUATION_BATCH = 200;

/** Whom a rule fired for, as issues name it. */
interface Subject {
  key: string;
  label: string;
}

function subjectOf(kind: 'user' | 'agent' | 'company', id: string | null): Subject | undefined {
  if (kind === 'company') {
    return { key: 'company', label: 'the company' };
  }
  return id === null ? undefined : { key: `${kind}:${id}`, label: `${kind} ${id}` };
}

/** The subject as people know it (an email, an agent's name) when the issue opens. */
async function nameOf(store: Store, subject: Subject): Promise<string> {
  const [kind, id] = subject.key.split(':') as [string, string | undefined];
  if (kind === 'user' && id !== undefined) {
    const user = await store.users.findById(id);
    return user ? user.email : subject.label;
  }
  if (kind === 'agent' && id !== undefined) {
    const agent = await store.agents.findById(id);
    return agent ? `agent ${agent.name}` : subject.label;
  }
  return subject.label;
}

/** The start of the window that ends with the event, inclusive. */
const windowStart = (event: ActivityEventRecord, minutes: number) => event.at - minutes * 60 + 1;

const within = <T>(list: readonly T[] | undefined, value: T) =>
  !list?.length || list.includes(value);

const meets = (list: readonly string[] | undefined, values: readonly string[]) =>
  !list?.length || values.some((value) => list.includes(value));

function matches(event: ActivityEventRecord, filter: CountFilter): boolean {
  return (
    within(filter.kinds, event.kind) &&
    within(filter.verdicts, event.verdict) &&
    meets(filter.scanners, event.scanners) &&
    meets(filter.findingTypes, event.findingTypes) &&
    (filter.agentId === undefined || filter.agentId === event.agentId)
  );
}

async function firesCount(
  monitoring: MonitoringRepository,
  rule: CountRule,
  event: ActivityEventRecord,
): Promise<Subject | undefined> {
  const own = { user: event.userId, agent: event.agentId, company: null }[rule.subject];
  const subject = subjectOf(rule.subject, own);
  // Only an event the rule counts can fire it; then its subject's window is counted up to it.
  if (!subject || !matches(event, rule.filter)) {
    return undefined;
  }
  if (rule.threshold > 1) {
    const count = await monitoring.countEvents(
      {
        userId: rule.subject === 'user' ? own! : undefined,
        agentId: rule.subject === 'agent' ? own! : undefined,
        since: windowStart(event, rule.windowMinutes),
        upToSeq: event.seq,
      },
      rule.filter,
    );
    if (count < rule.threshold) {
      return undefined;
    }
  }
  return subject;
}

/** The first and last day of the event's UTC day or month. */
function periodOf(at: number, period: SpendRule['period']): [number, number] {
  const day = dayOf(at);
  if (period === 'day') {
    return [day, day];
  }
  const date = new Date(at * 1000);
  return [dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000), day];
}

async function firesSpend(
  monitoring: MonitoringRepository,
  rule: SpendRule,
  event: ActivityEventRecord,
): Promise<Subject | undefined> {
  const own = rule.subject === 'user' ? event.userId : event.agentId;
  const subject = subjectOf(rule.subject, own);
  const spent =
    rule.metric === 'tokens'
      ? (event.promptTokens ?? 0) + (event.completionTokens ?? 0)
      : (event.costMicros ?? 0);
  if (!subject || spent === 0) {
    return undefined;
  }
  const [fromDay, toDay] = periodOf(event.at, rule.period);
  const total = await monitoring.spendOf(
    rule.subject === 'user' ? { userId: own! } : { agentId: own! },
    rule.metric,
    fromDay,
    toDay,
  );
  return total >= rule.amount ? subject : undefined;
}

async function firesErrorRate(
  monitoring: MonitoringRepository,
  rule: ErrorRateRule,
  event: ActivityEventRecord,
): Promise<Subject | undefined> {
  const subject = subjectOf('agent', event.agentId);
  if (!subject || event.kind !== 'provider_error') {
    return undefined;
  }
  const { answers, errors } = await monitoring.callsOf({
    agentId: event.agentId!,
    since: windowStart(event, rule.windowMinutes),
    upToSeq: event.seq,
  });
  const calls = answers + errors;
  return calls >= rule.minCalls && errors * 100 >= rule.percent * calls ? subject : undefined;
}

function fires(
  monitoring: MonitoringRepository,
  rule: MonitorRuleRecord,
  event: ActivityEventRecord,
) {
  const { definition } = rule;
  switch (definition.kind) {
    case 'count':
      return firesCount(monitoring, definition, event);
    case 'spend':
      return firesSpend(monitoring, definition, event);
    case 'error_rate':
      return firesErrorRate(monitoring, definition, event);
  }
}

/**
 * Takes a batch of queued events and evaluates every enabled rule on each, in one transaction:
 * an event leaves the queue only with the issues it opened or bumped, so each is evaluated
 * exactly once across instances. Returns how many events it took.
 */
export function evaluateBatch(store: Store): Promise<number> {
  return store.transaction(async (tx) => {
    const { activity, monitoring } = tx;
    const seqs = await monitoring.takeQueued(EVALUATION_BATCH);
    if (seqs.length === 0) {
      return 0;
    }
    const rules = (await monitoring.listRules()).filter((rule) => rule.enabled);
    for (const event of rules.length > 0 ? await activity.findBySeqs(seqs) : []) {
      for (const rule of rules) {
        const subject = await fires(monitoring, rule, event);
        if (!subject) {
          continue;
        }
        const title = `${rule.name}: ${await nameOf(tx, subject)}`;
        const { issueId, opened } = await monitoring.recordOccurrence({
          id: generateId(),
          ruleId: rule.id,
          subject: subject.key,
          title,
          severity: rule.severity,
          at: event.at,
          seq: event.seq,
        });
        if (opened) {
          await monitoring.addIssueEvent({
            issueId,
            at: event.at,
            actorId: null,
            kind: 'opened',
            details: { seq: event.seq },
          });
          const issue = { id: issueId, title, subject: subject.key, severity: rule.severity };
          await queueNotifications(tx, rule, issue, event.at);
        }
      }
    }
    return seqs.length;
  });
}

export interface EvaluatorDeps {
  store: Store;
  activitySignal: ActivitySignal;
  log: FastifyBaseLogger;
  /** Milliseconds between safety-net passes, for events another instance's signal announced. */
  intervalMs: number;
}

/**
 * Evaluates queued events when this process records some (the signal; bursts coalesce into
 * one pass) and every `intervalMs` (events recorded by other instances). Returns what stops it
 * and waits for a pass under way.
 */
export function startEvaluator({ store, activitySignal, log, intervalMs }: EvaluatorDeps) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    do {
      again = false;
      try {
        while (!stopped && (await evaluateBatch(store)) === EVALUATION_BATCH) {
          // A full batch: more may be waiting.
        }
      } catch (error) {
        log.error({ err: error }, 'monitoring rules could not be evaluated; will retry');
      }
    } while (again && !stopped);
  }

  const run = () => {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => (running = undefined));
  };

  const unsubscribe = activitySignal.subscribe(run);
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      await running;
    },
  };
}
