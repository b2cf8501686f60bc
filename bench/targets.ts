import type { Measurement } from './measure.ts';

/** One of issue #5's targets, as this run measured it. */
export interface TargetCheck {
  name: string;
  measured: string;
  wanted: string;
  met: boolean;
}

export const SMALL = '10 users';
export const LARGE = '1M users';

/** Workloads of the 1M-user database compared with the 10-user one's (same page size). */
const SCALE_PAIRS: [small: string, large: string][] = [
  ['authorize', 'authorize'],
  ['exchange', 'exchange'],
  ['full-flow', 'full-flow'],
  ['list-users', 'list-users-tail'],
];

/**
 * Issue #5's targets, judged on the 10-user database (the p99 one on SQLite only) and, for the
 * scale target, the 1M-user database against it.
 */
export function evaluateTargets(store: string, measurements: Measurement[]): TargetCheck[] {
  const find = (group: string, workload: string) =>
    measurements.find((m) => m.group === group && m.workload === workload);
  const ceiling = find('ceiling', 'ceiling');
  const peer = find('peer', 'peer-exchange');
  const exchange = find(SMALL, 'exchange');
  const list = find(SMALL, 'list-users');
  if (!ceiling || !peer || !exchange || !list) {
    return [];
  }
  const rate = (m: Measurement) => m.operationsPerSecond;
  const times = (value: number) => `${value.toFixed(2)}×`;
  const checks: TargetCheck[] = [
    {
      name: 'code exchange ÷ ceiling',
      measured: times(rate(exchange) / rate(ceiling)),
      wanted: '≥ 0.40×',
      met: rate(exchange) >= 0.4 * rate(ceiling),
    },
    {
      name: 'code exchange ÷ node-oidc-provider',
      measured: times(rate(exchange) / rate(peer)),
      wanted: '≥ 3×',
      met: rate(exchange) >= 3 * rate(peer),
    },
    {
      name: 'bearer ListUsers ÷ ceiling',
      measured: times(rate(list) / rate(ceiling)),
      wanted: '≥ 0.60×',
      met: rate(list) >= 0.6 * rate(ceiling),
    },
  ];
  if (store === 'sqlite') {
    checks.push({
      name: 'code exchange p99',
      measured: `${exchange.latencyMs.p99.toFixed(1)} ms`,
      wanted: '≤ 20 ms',
      met: exchange.latencyMs.p99 <= 20,
    });
  }
  for (const [smallId, largeId] of SCALE_PAIRS) {
    const small = find(SMALL, smallId);
    const large = find(LARGE, largeId);
    if (small && large) {
      checks.push({
        name: `1M users ÷ 10 users: ${largeId}`,
        measured: times(rate(large) / rate(small)),
        wanted: '≥ 0.90×',
        met: rate(large) >= 0.9 * rate(small),
      });
    }
  }
  return checks;
}
