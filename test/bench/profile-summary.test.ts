import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeProfile } from '../../bench/profile-summary.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** A profile of one sample per frame, each lasting its microseconds. */
function profileOf(frames: [functionName: string, url: string, micros: number][]): string {
  const folder = mkdtempSync(join(tmpdir(), 'profile-'));
  folders.push(folder);
  const file = join(folder, 'test.cpuprofile');
  writeFileSync(
    file,
    JSON.stringify({
      nodes: frames.map(([functionName, url], index) => ({
        id: index + 1,
        callFrame: { functionName, url },
      })),
      samples: frames.map((_, index) => index + 1),
      timeDeltas: frames.map(([, , micros]) => micros),
    }),
  );
  return file;
}

describe('summarizeProfile', () => {
  it("counts the code path's native statement calls as SQLite, and leaves idle time out", async () => {
    const file = profileOf([
      ['run', '', 300_000],
      ['get', '', 100_000],
      [
        'executeQuery',
        'file:///x/node_modules/kysely/dist/esm/dialect/sqlite/sqlite-driver.js',
        100_000,
      ],
      ['(garbage collector)', '', 500_000],
      ['(idle)', '', 9_000_000],
    ]);

    expect(await summarizeProfile(file)).toEqual([
      '| SQLite: running statements (native) | 50 % |',
      '| garbage collection | 50 % |',
      '| busy time | 1.0 s |',
    ]);
  });
});
