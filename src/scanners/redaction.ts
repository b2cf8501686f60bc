import type { Finding } from './scanner.ts';

const PLACEHOLDER = /\[([A-Z][A-Z0-9_]*)_(\d+)\]/g;
// A placeholder is never longer than this; a '[' further back cannot open one.
const MAX_PLACEHOLDER_CHARS = 48;

/** `creditCard` → `CREDIT_CARD`: the placeholder's name for a finding type. */
function placeholderName(type: string): string {
  return type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * The placeholders of one turn and the originals they stand for. Kept in memory only: the model
 * and the store see placeholders, the user sees the originals again in the answer.
 */
export class Vault {
  private readonly originals = new Map<string, string>();
  private readonly placeholders = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /**
   * `earlierTexts` (the conversation's stored messages) may hold placeholders of earlier turns:
   * numbering continues after them, so this turn's `[EMAIL_1]` is not mistaken for an old one.
   */
  constructor(earlierTexts: readonly string[] = []) {
    for (const text of earlierTexts) {
      for (const [, name, number] of text.matchAll(PLACEHOLDER)) {
        const key = name as string;
        this.counters.set(key, Math.max(this.counters.get(key) ?? 0, Number(number)));
      }
    }
  }

  get size(): number {
    return this.originals.size;
  }

  /** The same original always gets the same placeholder. */
  placeholderFor(type: string, original: string): string {
    const known = this.placeholders.get(original);
    if (known !== undefined) {
      return known;
    }
    const name = placeholderName(type);
    const number = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, number);
    const placeholder = `[${name}_${number}]`;
    this.placeholders.set(original, placeholder);
    this.originals.set(placeholder, original);
    return placeholder;
  }

  /** Puts the originals back in place of this vault's placeholders. */
  restore(text: string): string {
    if (this.originals.size === 0) {
      return text;
    }
    return text.replace(
      PLACEHOLDER,
      (placeholder) => this.originals.get(placeholder) ?? placeholder,
    );
  }
}

/** Merges overlapping spans; a merged span keeps the type of the one that starts first. */
function mergeSpans(findings: readonly Finding[]): Finding[] {
  const sorted = findings
    .filter((finding) => finding.end > finding.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  for (const finding of sorted) {
    const last = merged.at(-1);
    if (last && finding.start < last.end) {
      last.end = Math.max(last.end, finding.end);
    } else {
      merged.push({ ...finding });
    }
  }
  return merged;
}

/** Replaces each finding's span with its typed placeholder from `vault`. */
export function redact(text: string, findings: readonly Finding[], vault: Vault): string {
  let redacted = '';
  let position = 0;
  for (const span of mergeSpans(findings)) {
    const placeholder = vault.placeholderFor(span.type, text.slice(span.start, span.end));
    redacted += text.slice(position, span.start) + placeholder;
    position = span.end;
  }
  return redacted + text.slice(position);
}

/**
 * Restores a streamed text piece by piece: a placeholder cut between two pieces is held back
 * until it is whole.
 */
export class StreamingRestorer {
  private pending = '';

  constructor(private readonly vault: Vault) {}

  push(piece: string): string {
    const text = this.pending + piece;
    const open = this.vault.size === 0 ? -1 : text.lastIndexOf('[');
    const unclosed = open !== -1 && text.indexOf(']', open) === -1;
    const cut = unclosed && text.length - open <= MAX_PLACEHOLDER_CHARS ? open : text.length;
    this.pending = text.slice(cut);
    return this.vault.restore(text.slice(0, cut));
  }

  end(): string {
    const rest = this.vault.restore(this.pending);
    this.pending = '';
    return rest;
  }
}
