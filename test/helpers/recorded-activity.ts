import type { ActivityEventRecord } from '../../src/store/activity-store.ts';
import type { TestApp } from './test-app.ts';

/** Every event recorded so far in the test app's own database, in recording order. */
export async function recordedActivity(t: TestApp): Promise<ActivityEventRecord[]> {
  // Seqs start at 1 in a fresh database and have no gaps but those of rolled-back transactions.
  const seqs = Array.from({ length: 2000 }, (_, index) => index + 1);
  return t.store.activity.findBySeqs(seqs);
}

/** One user's events that the scanners did not pass, shaped as the scan findings once were. */
export async function scannerFindings(t: TestApp, userId: string) {
  return (await recordedActivity(t))
    .filter((event) => event.userId === userId && event.verdict !== 'pass')
    .map((event) => ({
      ...event,
      direction: event.kind === 'blocked' ? event.details['direction'] : event.kind,
      redactedText: event.text,
    }));
}
