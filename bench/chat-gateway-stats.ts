export interface Latencies {
  p50: number;
  p99: number;
}

export function percentiles(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Unexpected answers seen, and why (each reason once). */
export class Failures {
  count = 0;
  readonly reasons = new Set<string>();
  note(error: unknown): void {
    this.count += 1;
    this.reasons.add(error instanceof Error ? error.message : String(error));
  }
}
