import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../bench/measure.ts';
import { evaluateTargets, LARGE, SMALL } from '../../bench/targets.ts';
import { isPostgres } from '../helpers/test-store.ts';

// Issue #17's targets, judged from measurements: which apply to which store, and met or not.

function measured(group: string, workload: string, rate: number, more: Partial<Measurement> = {}) {
  return {
    workload,
    title: workload,
    group,
    operationsPerSecond: rate,
    latencyMs: { p50: 5, p99: 15, mean: 6, max: 30 },
    operations: rate * 3,
    seconds: 3,
    unexpected: 0,
    reasons: [],
    errors: 0,
    timeouts: 0,
    sqlPerOperation: undefined,
    cpuMicrosPerOperation: undefined,
    peakRssMiB: 100,
    ranOut: false,
    ...more,
  } satisfies Measurement;
}

const RUN: Measurement[] = [
  measured('ceiling', 'ceiling', 20_000),
  measured('peer', 'peer-jwt-exchange', 1_000),
  measured('peer', 'peer-exchange', 2_000),
  measured('peer', 'peer2-exchange', 2_600),
  measured('peer', 'peer-authorize', 1_500),
  measured('peer', 'peer-userinfo', 3_000),
  measured(SMALL, 'exchange', 3_100, { cpuMicrosPerOperation: 250, sqlPerOperation: 1 }),
  measured(SMALL, 'authorize', 3_000),
  measured(SMALL, 'list-users', 5_500, { latencyMs: { p50: 5, p99: 25, mean: 6, max: 40 } }),
  measured(LARGE, 'exchange', 3_000),
  measured(LARGE, 'list-users-tail', 5_000),
];

const verdicts = (store: string, measurements = RUN) =>
  Object.fromEntries(evaluateTargets(store, measurements).map((t) => [t.name, t.met]));

describe.skipIf(isPostgres)('bench targets', () => {
  it('judges SQLite against the JWT peer (3×), the faster in-memory peer (1.2×) and 200 µs of CPU', () => {
    expect(verdicts('sqlite')).toEqual({
      'code exchange ÷ node-oidc-provider (JWT)': true,
      'code exchange ÷ the faster in-memory peer, @node-oauth/oauth2-server': false,
      'app server CPU per code exchange': false,
      'authorize ÷ node-oidc-provider authorize': true,
      'bearer ListUsers ÷ node-oidc-provider userinfo': false,
      'bearer ListUsers ÷ ceiling': true,
      'code exchange p99': true,
      'bearer ListUsers p99': false,
      '1M users ÷ 10 users: exchange': true,
      '1M users ÷ 10 users: list-users-tail': true,
    });
  });

  it('judges PostgreSQL on one SQL statement per exchange and 2× the JWT peer', () => {
    const postgres = verdicts('postgres');
    expect(postgres['code exchange SQL statements per operation']).toBe(true);
    expect(postgres['code exchange ÷ node-oidc-provider (JWT)']).toBe(true);
    expect(Object.keys(postgres)).not.toContain('app server CPU per code exchange');
    const fiveStatements = RUN.map((m) =>
      m.group === SMALL && m.workload === 'exchange' ? { ...m, sqlPerOperation: 5 } : m,
    );
    expect(verdicts('postgres', fiveStatements)['code exchange SQL statements per operation']).toBe(
      false,
    );
  });

  it('leaves out the targets whose workloads did not run', () => {
    const exchangeOnly = RUN.filter(
      (m) => m.workload.endsWith('exchange') || m.group === 'ceiling',
    );
    expect(Object.keys(verdicts('sqlite', exchangeOnly))).not.toContain(
      'authorize ÷ node-oidc-provider authorize',
    );
  });
});
