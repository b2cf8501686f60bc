/** Unix seconds as the API writes moments: UTC, ISO 8601 to the second (`2026-11-27T13:12:17Z`). */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Like isoTime, for a moment that may be absent. */
export function isoTimeOrNull(seconds: number | null): string | null {
  return seconds === null ? null : isoTime(seconds);
}

/** The Unix seconds of an ISO 8601 moment (validated by its schema as `date-time`). */
export function secondsOf(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
