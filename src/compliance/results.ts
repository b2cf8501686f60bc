import { isoTime } from '../lib/iso-time.ts';
import { csvCell } from '../audit/audit-csv.ts';
import type { ActivityHit } from '../store/compliance-store.ts';
import type { SearchHit } from './compliance-search.ts';

/** An event as the API answers it (without its text: a search shows its snippet). */
export function eventView(hit: ActivityHit) {
  return {
    id: hit.seq,
    at: isoTime(hit.at),
    kind: hit.kind,
    user: hit.userId === null ? null : { id: hit.userId, email: hit.userEmail, name: hit.userName },
    agent: hit.agentId === null ? null : { id: hit.agentId, name: hit.agentName },
    conversationId: hit.conversationId,
    messageId: hit.messageId,
    engine: hit.engine,
    model: hit.model,
    clientIp: hit.clientIp,
    country: hit.country,
    verdict: hit.verdict,
    scanners: hit.scanners,
    findingTypes: hit.findingTypes,
    feedbackRating: hit.feedbackRating,
  };
}

export function resultView(hit: SearchHit) {
  return { ...eventView(hit), snippet: hit.snippet };
}

/** An exported event: every field and the full text, no snippet. */
function exportedView(hit: ActivityHit) {
  return { ...eventView(hit), text: hit.text };
}

const CSV_COLUMNS: readonly (readonly [string, (hit: ActivityHit) => string | null])[] = [
  ['id', (hit) => String(hit.seq)],
  ['at', (hit) => isoTime(hit.at)],
  ['kind', (hit) => hit.kind],
  ['userId', (hit) => hit.userId],
  ['userEmail', (hit) => hit.userEmail],
  ['agentId', (hit) => hit.agentId],
  ['agentName', (hit) => hit.agentName],
  ['conversationId', (hit) => hit.conversationId],
  ['messageId', (hit) => hit.messageId],
  ['engine', (hit) => hit.engine],
  ['model', (hit) => hit.model],
  ['clientIp', (hit) => hit.clientIp],
  ['country', (hit) => hit.country],
  ['verdict', (hit) => hit.verdict],
  ['scanners', (hit) => hit.scanners.join(' ')],
  ['findingTypes', (hit) => hit.findingTypes.join(' ')],
  ['feedbackRating', (hit) => (hit.feedbackRating === null ? null : String(hit.feedbackRating))],
  ['text', (hit) => hit.text],
];

/** The export as RFC 4180 CSV (formula-safe cells), chunk by chunk from the pages. */
export async function* activityCsv(pages: AsyncIterable<ActivityHit[]>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
  for await (const page of pages) {
    yield page
      .map((hit) => `${CSV_COLUMNS.map(([, cell]) => csvCell(cell(hit))).join(',')}\r\n`)
      .join('');
  }
}

/** The export as JSON Lines: one event per line. */
export async function* activityJsonLines(
  pages: AsyncIterable<ActivityHit[]>,
): AsyncGenerator<string> {
  for await (const page of pages) {
    yield page.map((hit) => `${JSON.stringify(exportedView(hit))}\n`).join('');
  }
}
