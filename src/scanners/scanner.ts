import type { TObject } from 'typebox';
import type {
  Finding,
  ScanAction,
  ScanDirection,
  ScanErrorPolicy,
  ScannerName,
} from '../vocabulary/scanners.ts';

export type { Finding };

/** What a detector reports: a score from 0 (clean) to 1 (certain), and its findings. */
export interface Detection {
  score: number;
  findings: Finding[];
}

/** An uploaded file, for the scanners that look at the file and not only its text. */
export interface ScannedFile {
  name: string;
  mediaType: string;
  sizeBytes: number;
}

/**
 * Asks a scanner agent (any engine) for a verdict: `instructions` go as the system prompt, `text`
 * as the user message; resolves to the model's whole answer. Provided by the chat layer.
 */
export type Judge = (
  agentId: string,
  instructions: string,
  text: string,
  signal: AbortSignal,
) => Promise<string>;

/** Where and for whom a text is scanned. */
export interface ScanContext {
  direction: ScanDirection;
  userId: string | null;
  agentId: string | null;
  /** The client's address as the server believes it (AIRISK_TRUSTED_PROXIES), if known. */
  clientIp: string | null;
  file: ScannedFile | null;
  judge: Judge | null;
  /** Aborted when the scanner's time is up or the request ends: stop work then. */
  signal: AbortSignal;
}

export type Detector = (text: string, context: ScanContext) => Detection | Promise<Detection>;

/** How a company (or one agent) runs a scanner. */
export interface ScannerPolicy<S = Record<string, unknown>> {
  enabled: boolean;
  action: ScanAction;
  /** A detection scoring at least this counts; below it, the text passes. */
  threshold: number;
  onError: ScanErrorPolicy;
  directions: ScanDirection[];
  timeoutMs: number;
  settings: S;
}

/**
 * A scanner: its settings (a TypeBox object whose every property has a default), its default
 * policy, the actions that make sense for it, and how to build a detector from settings.
 */
export interface Scanner<S = Record<string, unknown>> {
  readonly name: ScannerName;
  readonly kind: 'general' | 'ai';
  /** One line for admins: what it looks for. */
  readonly description: string;
  readonly settingsSchema: TObject;
  readonly defaults: ScannerPolicy<S>;
  readonly actions: readonly ScanAction[];
  /**
   * Builds the detector for these settings (compiling patterns, loading lists), once per
   * settings value. Settings the schema cannot judge (a regex that does not compile) throw a
   * ValidationError whose message starts with `field`, e.g. `regex.settings.patterns[0].pattern`.
   */
  prepare(settings: S, field: string): Detector | Promise<Detector>;
}
