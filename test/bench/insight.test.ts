import { afterAll, describe, expect, it } from 'vitest';
import {
  postgresDatabase,
  sqliteDatabase,
  type BenchDatabase,
} from '../../bench/bench-database.ts';
import { INSIGHT_USERS } from '../../bench/insight-seed.ts';
import { insightShapes, measureInsight } from '../../bench/insight.ts';
import { insightFailures } from '../../bench/insight-report.ts';
import {
  CLIENTS_VAR,
  DATABASE_URL_VAR,
  IMPORTED_VAR,
  INSIGHT_VAR,
  SEARCH_PATH_VAR,
  USERS_VAR,
} from '../../bench/protocol.ts';
import { startTarget, type Target } from '../../bench/target.ts';
import { isPostgres, testStoreUrl } from '../helpers/test-store.ts';

// The insight workload in miniature, on this project's store: the bench's own server child,
// seeded in SQL with a few thousand events, answers every search and element shape with data
// (a shape that found nothing would count as a failure), and AskAgent and the turn recorder
// both run. The timings are not judged here: `npm run bench -- --only insight` does.

const EVENTS = 20_000;
let database: BenchDatabase | undefined;
let target: Target | undefined;

afterAll(async () => {
  await target?.close();
  await database?.drop();
});

describe('bench insight workload', () => {
  it('seeds, then searches, queries every element kind, asks and records', async () => {
    database = isPostgres ? await postgresDatabase(testStoreUrl) : await sqliteDatabase();
    target = await startTarget('app', {
      [DATABASE_URL_VAR]: database.url,
      [SEARCH_PATH_VAR]: database.searchPath ?? '',
      [USERS_VAR]: String(INSIGHT_USERS),
      [CLIENTS_VAR]: '0',
      [IMPORTED_VAR]: '0',
      [INSIGHT_VAR]: String(EVENTS),
    });
    expect(target.insight?.seed).toMatchObject({ events: EVENTS, blocked: EVENTS / 100 });
    const run = await measureInsight(target, () => {}, {
      connections: 2,
      warmup: 2,
      requests: 4,
      warmupSeconds: 10,
      shapeSeconds: 10,
      turns: 4,
      rounds: 1,
    });
    expect(insightFailures([{ store: 'test', seed: target.insight!.seed, run }])).toEqual([]);
    expect(run.shapes.map((shape) => shape.id)).toEqual(insightShapes().map((shape) => shape.id));
    for (const shape of run.shapes) {
      expect(shape.requests, shape.id).toBe(4);
      expect(shape.returned, shape.id).toBeGreaterThan(0);
    }
    expect(run.recording.turns).toBe(4);
    // A difference of two timings (turns stored with and without their activity): its sign is
    // noise over four turns, its being a number is not.
    expect(Number.isFinite(run.recording.recordCpuMicrosPerTurn)).toBe(true);
    expect(run.recording.askCpuMicrosPerTurn).toBeGreaterThan(run.recording.recordCpuMicrosPerTurn);
  }, 60_000);
});
