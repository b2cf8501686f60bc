/**
 * The activity record: every chat event, kept for compliance search, monitoring rules and
 * dashboards. One vocabulary for every layer (store, API, web app).
 */
export const ACTIVITY_KINDS = [
  /** A question that reached the model (stored as the scanners left it). */
  'prompt',
  /** The model's answer as stored. */
  'answer',
  /** A question, answer, file or title the scanners refused; its redacted text is kept. */
  'blocked',
  'file_upload',
  'feedback',
  'conversation_deleted',
  /** An agent's settings or the company's scanner defaults changed. */
  'settings_changed',
  /** The engine failed to answer (counted for provider error rates). */
  'provider_error',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** A UTC day as whole days since the Unix epoch: the rollups' bucket. */
export function dayOf(seconds: number): number {
  return Math.floor(seconds / 86_400);
}

/** Money is kept in millionths of a US dollar (integers add up exactly on both stores). */
export const MICROS_PER_DOLLAR = 1_000_000;
