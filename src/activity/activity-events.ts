import { isIP } from 'node:net';
import type { Store } from '../store/store.ts';
import type { NewActivityEvent } from '../store/activity-store.ts';
import type { ActivityKind } from '../vocabulary/activity.ts';
import { severity, type ScanResult, type ScanVerdict } from '../vocabulary/scanners.ts';
import { countryOf } from '../scanners/general/geo-gating.ts';
import type { ActivitySignal } from './activity-signal.ts';

/** Who did what where: the part every event of a request shares. */
export interface ActivityActor {
  userId: string | null;
  agent: { id: string; engine: string; model: string } | null;
  conversationId: string | null;
  clientIp: string | null;
}

/** The worst verdict of the scans, with the scanners that did not pass and what they found. */
export function scanFacts(results: readonly ScanResult[]): {
  verdict: ScanVerdict;
  scanners: string[];
  findingTypes: string[];
} {
  const counted = results.filter((result) => result.verdict !== 'pass');
  const verdict = counted.reduce<ScanVerdict>(
    (worst, result) => (severity(result.verdict) > severity(worst) ? result.verdict : worst),
    'pass',
  );
  return {
    verdict,
    scanners: counted.map((result) => result.scanner),
    findingTypes: [...new Set(counted.flatMap((result) => result.findings.map((f) => f.type)))],
  };
}

// Private, loopback and link-local addresses have no country: they never load the database.
const PRIVATE =
  /^(?:::ffff:)?(?:10\.|127\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.)|^(?:::1?|f[cd][0-9a-f]{2}:|fe80:)/i;
const COUNTRY_CACHE_SIZE = 10_000;
const countries = new Map<string, string | null>();

/** The client's country, looked up once per address (the answer is kept for the process). */
export async function countryOfClient(clientIp: string | null): Promise<string | null> {
  if (
    clientIp === null ||
    isIP(clientIp.replace(/^::ffff:/i, '')) === 0 ||
    PRIVATE.test(clientIp)
  ) {
    return null;
  }
  if (countries.has(clientIp)) {
    return countries.get(clientIp) ?? null;
  }
  const country = await countryOf(clientIp).catch(() => null);
  if (countries.size >= COUNTRY_CACHE_SIZE) {
    countries.clear();
  }
  countries.set(clientIp, country);
  return country;
}

/** An event of no one's, with nothing found, no tokens and no text: what an event leaves out. */
export function blankActivityEvent(kind: ActivityKind, at: number): NewActivityEvent {
  return {
    kind,
    at,
    userId: null,
    agentId: null,
    conversationId: null,
    messageId: null,
    engine: null,
    model: null,
    clientIp: null,
    country: null,
    verdict: 'pass',
    scanners: [],
    findingTypes: [],
    promptTokens: null,
    completionTokens: null,
    costMicros: null,
    feedbackRating: null,
    text: '',
    details: {},
  };
}

/** An event of the actor's, with nothing found, no tokens and no text unless given. */
export async function activityEvent(
  kind: ActivityKind,
  at: number,
  actor: ActivityActor,
  fields: Partial<NewActivityEvent> = {},
): Promise<NewActivityEvent> {
  return {
    ...blankActivityEvent(kind, at),
    userId: actor.userId,
    agentId: actor.agent?.id ?? null,
    conversationId: actor.conversationId,
    engine: actor.agent?.engine ?? null,
    model: actor.agent?.model ?? null,
    clientIp: actor.clientIp,
    country: await countryOfClient(actor.clientIp),
    ...fields,
  };
}

/** Records events on their own (not inside another write) and tells the listeners. */
export async function recordActivity(
  deps: { store: Store; activitySignal: ActivitySignal },
  events: readonly NewActivityEvent[],
): Promise<void> {
  await deps.store.activity.record(events);
  deps.activitySignal.notify();
}

/** Enough of a file's text for search; the rest stays in the file itself. */
const FILE_TEXT_MAX_CHARS = 64 * 1024;

/** A file as stored: its text as the scanners left it, cut for the record. */
export function fileUploadEvent(
  at: number,
  actor: ActivityActor,
  file: { id: string; name: string; mediaType: string; sizeBytes: number; text: string },
  scans: readonly ScanResult[],
): Promise<NewActivityEvent> {
  return activityEvent('file_upload', at, actor, {
    ...scanFacts(scans),
    text: file.text.slice(0, FILE_TEXT_MAX_CHARS),
    details: {
      fileId: file.id,
      name: file.name,
      mediaType: file.mediaType,
      sizeBytes: file.sizeBytes,
    },
  });
}

/** An agent or the company's scanner defaults changed: who changed which fields (never values). */
export async function recordSettingsChange(
  deps: { store: Store; clock: { nowSeconds(): number }; activitySignal: ActivitySignal },
  actor: { userId: string; clientIp: string | null },
  change: {
    setting: 'agent' | 'scannerDefaults';
    action: 'created' | 'updated' | 'deleted';
    agent?: { id: string; engine: string; model: string } | undefined;
    fields: readonly string[];
  },
): Promise<void> {
  const { setting, action, agent, fields } = change;
  await recordActivity(deps, [
    await activityEvent(
      'settings_changed',
      deps.clock.nowSeconds(),
      { ...actor, agent: agent ?? null, conversationId: null },
      { details: { setting, action, fields: [...fields] } },
    ),
  ]);
}
