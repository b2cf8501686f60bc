import { describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase } from '../../bench/bench-database.ts';
import { measureChatGateway } from '../../bench/chat-gateway.ts';
import { isPostgres, testStoreUrl } from '../helpers/test-store.ts';

// The chat gateway workload in miniature, on this project's store: the bench's own app child,
// a few AskAgent turns with the scanners on and off, a few streamed turns, and 20 streams at
// once, twice; every answer checked. The timings are not judged here: `npm run bench` does.

describe('bench chat gateway workload', () => {
  it('asks, streams and holds streams at once, every answer as expected', async () => {
    const result = await measureChatGateway({
      open: () => (isPostgres ? postgresDatabase(testStoreUrl) : sqliteDatabase()),
      settings: {
        warmupTurns: 2,
        turns: 6,
        rounds: 2,
        providerCalls: 5,
        firstTokenMs: 5,
        firstTokenTurns: 3,
        streams: 20,
        streamPauseMs: 20,
        streamRounds: 2,
      },
    });
    expect(result.run.reasons).toEqual([]);
    expect(result.failed).toBe(false);
    const { cost, firstToken, streams } = result.run;
    expect(cost.map((side) => [side.scanners, side.turns])).toEqual([
      ['on', 6],
      ['off', 6],
    ]);
    expect(cost.every((side) => side.statementsPerTurn > 0 && side.cpuMsPerTurn > 0)).toBe(true);
    expect(result.run.providerCall.calls).toBe(5);
    expect(result.run.providerCall.cpuMsPerCall).toBeGreaterThan(0);
    expect(firstToken.map((side) => [side.scanners, side.turns])).toEqual([
      ['on', 3],
      ['off', 3],
    ]);
    expect(streams.map((round) => round.completed)).toEqual([20, 20]);
    expect(streams.every((round) => round.settledRssBytes > 0)).toBe(true);
    expect(
      streams.every((round) => 'heapUsedBytes' in round.afterGc && round.afterGc.heapUsedBytes > 0),
    ).toBe(true);
    expect(result.checks.map((check) => check.name)).toEqual([
      'our cost per turn p50, scanners on',
      'our cost per turn p50, scanners off',
      "first answer byte over the provider's first token p50, scanners on",
      "first answer byte over the provider's first token p50, scanners off",
      '20 SSE streams at once, 2 rounds: completed, no error',
      'streams open at once (fewest of the rounds)',
      'heap used after a full GC, after round 2 − after round 1',
    ]);
    expect(result.markdown).toContain('**chat gateway, ');
    expect(result.markdown).toContain('The provider call alone');
  }, 90_000);
});
