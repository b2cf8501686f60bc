// What the company's scanners did to a text, in words for the person chatting. Findings carry
// a label ("Email address") and never the matched text; neither does anything shown here.
import { ApiError } from '../../lib/api.ts';
import { SCAN_BLOCKED_TYPE, type ScanResult } from './api.ts';

const SCANNER_NAMES: Record<string, string> = {
  geoGating: 'location',
  allowedFileTypes: 'allowed file types',
  languageDetection: 'language',
  secrets: 'secrets',
  personalInformation: 'personal information',
  regex: 'company patterns',
  promptInjection: 'prompt injection',
  toxicity: 'toxicity',
  topic: 'topics',
  aiPromptInjection: 'prompt injection (AI check)',
  aiToxicity: 'toxicity (AI check)',
  aiTopic: 'topics (AI check)',
};

export function scannerName(scanner: string): string {
  return SCANNER_NAMES[scanner] ?? scanner;
}

/** `creditCard` → `credit card`. */
export function findingTypeName(type: string): string {
  return type
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) {
    return items[0] ?? '';
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** The labels of what was replaced by placeholders ("Email address"), each once. */
export function redactedLabels(scans: readonly ScanResult[] | null | undefined): string[] {
  const labels = new Set<string>();
  for (const result of scans ?? []) {
    if (result.verdict !== 'redact') {
      continue;
    }
    for (const finding of result.findings) {
      if (finding.action === undefined || finding.action === 'redact') {
        labels.add(finding.label);
      }
    }
  }
  return [...labels];
}

export interface Blocked {
  scanners: string[];
  findingTypes: string[];
  /** What they found in words ("Banned topic: Budget"); older servers send none. */
  findings: string[];
}

/** The scanners and finding types of a 422 "scanner-blocked" problem, else undefined. */
export function blockedBy(error: unknown): Blocked | undefined {
  if (!(error instanceof ApiError) || error.problem?.type !== SCAN_BLOCKED_TYPE) {
    return undefined;
  }
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return {
    scanners: strings(error.problem.scanners),
    findingTypes: strings(error.problem.findingTypes),
    findings: strings(error.problem.findings),
  };
}

/** "topics (found: Banned topic: Budget)", or by type: "personal information (found: email)" */
export function describeBlock(blocked: Blocked): string {
  const scanners = listInWords([...new Set(blocked.scanners.map(scannerName))]);
  const found =
    blocked.findings.length > 0
      ? blocked.findings
      : [...new Set(blocked.findingTypes.map(findingTypeName))];
  const what = scanners || 'the company’s scanners';
  return found.length > 0 ? `${what} (found: ${found.join(', ')})` : what;
}
