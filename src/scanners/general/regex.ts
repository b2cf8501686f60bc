import { Type, type Static } from 'typebox';
import type { RE2JS } from 're2js';
import type { ScanAction } from '../../vocabulary/scanners.ts';
import type { Finding, Scanner } from '../scanner.ts';
import { compilePattern } from './regex/compile-pattern.ts';

/**
 * RE2 keeps each search linear, but a search costs up to text × program size and a text may
 * hold thousands of matches; past this much time on one text the scan fails (the policy's
 * onError decides) rather than hold the request or pass what it has not searched.
 */
export const SEARCH_BUDGET_MS = 1000;

const Pattern = Type.Object({
  name: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Names the pattern in findings.',
  }),
  pattern: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: 'An RE2 regular expression (no backreferences or lookaround).',
  }),
  flags: Type.Optional(
    Type.String({
      pattern: '^[ims]{0,3}$',
      maxLength: 3,
      description: 'i: ignore case; m: ^ and $ match at line ends; s: . matches newlines.',
    }),
  ),
  action: Type.Optional(
    Type.Union([Type.Literal('flag'), Type.Literal('redact'), Type.Literal('block')], {
      description: "What a match does; the scanner's action when absent.",
    }),
  ),
});

const Settings = Type.Object({
  patterns: Type.Array(Pattern, {
    default: [],
    maxItems: 100,
    description: 'The company patterns to look for, such as project code names or customer ids.',
  }),
});
type Settings = Static<typeof Settings>;

interface CompiledPattern {
  regex: RE2JS;
  label: string;
  action: ScanAction | undefined;
}

function overBudget(deadline: number, signal: AbortSignal): void {
  signal.throwIfAborted();
  if (performance.now() > deadline) {
    throw new Error(`Regex patterns took more than ${SEARCH_BUDGET_MS} ms on this text`);
  }
}

export const regexScanner: Scanner<Settings> = {
  name: 'regex',
  kind: 'general',
  description: "Finds the company's own patterns: code names, customer ids, internal hosts.",
  settingsSchema: Settings,
  defaults: {
    enabled: true,
    action: 'block',
    threshold: 0.5,
    onError: 'block',
    directions: ['prompt', 'file', 'title'],
    timeoutMs: 1000,
    settings: { patterns: [] },
  },
  actions: ['flag', 'redact', 'block'],
  prepare(settings, field) {
    const patterns: CompiledPattern[] = settings.patterns.map((pattern, index) => ({
      regex: compilePattern(
        pattern.pattern,
        pattern.flags ?? '',
        `${field}.patterns[${index}].pattern`,
      ),
      label: `Pattern "${pattern.name}"`,
      action: pattern.action,
    }));
    return (text, context) => {
      const deadline = performance.now() + SEARCH_BUDGET_MS;
      const findings: Finding[] = [];
      for (const { regex, label, action } of patterns) {
        overBudget(deadline, context.signal);
        // The automaton answers "any match?" far faster than a search for positions.
        if (!regex.test(text)) {
          continue;
        }
        const matcher = regex.matcher(text);
        while (matcher.find()) {
          overBudget(deadline, context.signal);
          if (matcher.end() > matcher.start()) {
            const finding: Finding = {
              type: 'pattern',
              start: matcher.start(),
              end: matcher.end(),
              label,
            };
            findings.push(action ? { ...finding, action } : finding);
          }
        }
      }
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
};
