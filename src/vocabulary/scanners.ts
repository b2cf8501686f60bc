/**
 * The AIRisk scanners, in the order they run on a text: gates that need no text first, then the
 * deterministic text scanners, then the AI scanners (an LLM judge each, the slowest). A block
 * stops the run there; redactions from all scanners compose into one redacted text.
 */
export const GENERAL_SCANNER_NAMES = [
  'geoGating',
  'allowedFileTypes',
  'languageDetection',
  'secrets',
  'personalInformation',
  'regex',
  'promptInjection',
  'toxicity',
  'topic',
] as const;

export const AI_SCANNER_NAMES = ['aiPromptInjection', 'aiToxicity', 'aiTopic'] as const;

export const SCANNER_NAMES = [...GENERAL_SCANNER_NAMES, ...AI_SCANNER_NAMES] as const;

export type ScannerName = (typeof SCANNER_NAMES)[number];

/** What a text is: a user's question, a model's answer, an uploaded file's text, a title or metadata. */
export const SCAN_DIRECTIONS = ['prompt', 'answer', 'file', 'title'] as const;
export type ScanDirection = (typeof SCAN_DIRECTIONS)[number];

/** What a scanner does with a text that passes its threshold (the policy picks one). */
export const SCAN_ACTIONS = ['flag', 'redact', 'block'] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

/** A scan's outcome, least to most severe: the worst of a run's results is its verdict. */
export const SCAN_VERDICTS = ['pass', 'flag', 'redact', 'block'] as const;
export type ScanVerdict = (typeof SCAN_VERDICTS)[number];

/** What a scanner that fails or times out means for the text. */
export const SCAN_ERROR_POLICIES = ['allow', 'block'] as const;
export type ScanErrorPolicy = (typeof SCAN_ERROR_POLICIES)[number];

export function severity(verdict: ScanVerdict): number {
  return SCAN_VERDICTS.indexOf(verdict);
}

/**
 * Something a scanner found. `start`/`end` are UTF-16 offsets into the scanned text (equal when
 * the finding is about the whole text or its context, e.g. a country); `label` says what it is
 * for people ("Email address", "Blocked country: RU") and never quotes the matched text.
 */
export interface Finding {
  type: string;
  start: number;
  end: number;
  label: string;
  /** What was done about it; a detector may set it to override the policy (a regex pattern's own). */
  action?: ScanAction;
}

/** One scanner's verdict on one text: what messages keep, and the API returns. */
export interface ScanResult {
  scanner: ScannerName;
  verdict: ScanVerdict;
  score: number;
  findings: Finding[];
  durationMs: number;
  /** Why the scanner could not judge (its onError policy decided the verdict). */
  error?: string;
}
