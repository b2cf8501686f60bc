import { Type, type Static } from 'typebox';
import type { Detection, Finding, Scanner } from '../scanner.ts';
import { foldText, originalSpan } from './folded-text.ts';
import { isDiscussion, isReported } from './prompt-injection/discussion.ts';
import { findEncodedRuns, findInvisibleRuns } from './prompt-injection/hidden-text.ts';
import { PHRASE_SIGNALS, type PhraseSignalType } from './prompt-injection/phrase-signals.ts';

const SIGNAL_TYPES = [
  'instructionOverride',
  'rolePlay',
  'systemPromptExtraction',
  'delimiterSmuggling',
  'invisibleText',
  'encodedPayload',
] as const;
type SignalType = (typeof SIGNAL_TYPES)[number];

const LABELS: Record<SignalType, string> = {
  instructionOverride: 'Attempt to override previous instructions',
  rolePlay: 'Jailbreak role-play (an unrestricted persona or mode)',
  systemPromptExtraction: 'Attempt to extract the system prompt',
  delimiterSmuggling: 'Fake chat-role marker or template token',
  invisibleText: 'Invisible characters (zero-width, tag or bidi control)',
  encodedPayload: 'Encoded text carrying an injection',
};

const PromptInjectionSettings = Type.Object({
  signals: Type.Array(Type.Enum(SIGNAL_TYPES), {
    default: [...SIGNAL_TYPES],
    maxItems: SIGNAL_TYPES.length,
    uniqueItems: true,
    description:
      'The signals looked for: instructionOverride ("ignore previous instructions"), rolePlay ("you are now DAN"), systemPromptExtraction ("reveal your system prompt"), delimiterSmuggling (<|im_start|>system, [INST]), invisibleText (zero-width, tag and bidi control characters), encodedPayload (base64, hex or percent-encoded text carrying any of the first four).',
  }),
});
export type PromptInjectionSettings = Static<typeof PromptInjectionSettings>;

// A quoted phrase in a text about attacks weighs this much of its weight (see discussion.ts).
const REPORTED_FACTOR = 0.35;
// Each further kind of signal adds this to the strongest one: injections stack techniques.
const STACKING_BONUS = 0.1;
const MAX_FINDINGS_PER_SIGNAL = 20;
const NEGATED = /\b(?:don't|do not|never|not|ne|nicht|nie|no|non|nunca|nao)[ ,]*$/;

interface Signal extends Finding {
  weight: number;
  isReported: boolean;
}

interface PhraseHit {
  type: PhraseSignalType;
  weight: number;
  start: number;
  end: number;
}

/** The phrase signals in a folded text, at most MAX_FINDINGS_PER_SIGNAL per pattern. */
function findPhrases(folded: string): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const { type, weight, pattern } of PHRASE_SIGNALS) {
    let count = 0;
    for (const match of folded.matchAll(pattern)) {
      const before = folded.slice(Math.max(0, match.index - 12), match.index);
      if (!NEGATED.test(before)) {
        hits.push({ type, weight, start: match.index, end: match.index + match[0].length });
      }
      if ((count += 1) >= MAX_FINDINGS_PER_SIGNAL) {
        break;
      }
    }
  }
  return hits;
}

function strongestPhrase(text: string): number {
  return Math.max(0, ...findPhrases(foldText(text, true).text).map((hit) => hit.weight));
}

function detectSignals(text: string, enabled: ReadonlySet<SignalType>): Signal[] {
  const folded = foldText(text, true);
  const discussion = isDiscussion(folded.text);
  const signals: Signal[] = findPhrases(folded.text)
    .filter((hit) => enabled.has(hit.type))
    .map((hit) => {
      const [start, end] = originalSpan(folded, hit.start, hit.end);
      const reported = discussion && isReported(folded.text, hit.start);
      return {
        type: hit.type,
        start,
        end,
        label: LABELS[hit.type],
        weight: reported ? hit.weight * REPORTED_FACTOR : hit.weight,
        isReported: reported,
      };
    });
  if (enabled.has('invisibleText')) {
    for (const run of findInvisibleRuns(text)) {
      const hiddenWeight = run.hidden === null ? 0 : strongestPhrase(run.hidden);
      const weight = Math.max(run.weight, hiddenWeight > 0 ? 1 : 0);
      signals.push({
        ...run,
        type: 'invisibleText',
        label: LABELS.invisibleText,
        weight,
        isReported: false,
      });
    }
  }
  if (enabled.has('encodedPayload')) {
    for (const run of findEncodedRuns(text)) {
      const weight = strongestPhrase(run.hidden ?? '');
      if (weight > 0) {
        signals.push({
          ...run,
          type: 'encodedPayload',
          label: LABELS.encodedPayload,
          weight,
          isReported: false,
        });
      }
    }
  }
  return signals;
}

/** The strongest signal, plus a bonus for each other kind of signal that is not reported speech. */
function scoreSignals(signals: Signal[]): number {
  if (signals.length === 0) {
    return 0;
  }
  const strongest = signals.reduce((best, signal) => (signal.weight > best.weight ? signal : best));
  const otherKinds = new Set(
    signals
      .filter((signal) => !signal.isReported && signal.type !== strongest.type)
      .map((signal) => signal.type),
  );
  return Math.min(1, strongest.weight + STACKING_BONUS * otherKinds.size);
}

export const promptInjectionScanner: Scanner<PromptInjectionSettings> = {
  name: 'promptInjection',
  kind: 'general',
  description:
    'Prompt injection: instruction overrides, jailbreak personas, system-prompt extraction, fake role markers, invisible and encoded text, in several languages',
  settingsSchema: PromptInjectionSettings,
  defaults: {
    enabled: true,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt', 'file'],
    timeoutMs: 1000,
    settings: { signals: [...SIGNAL_TYPES] },
  },
  actions: ['flag', 'block'],
  prepare(settings) {
    const enabled = new Set(settings.signals);
    return (text): Detection => {
      const signals = detectSignals(text, enabled);
      return {
        score: scoreSignals(signals),
        findings: signals.map(({ type, start, end, label }) => ({ type, start, end, label })),
      };
    };
  },
};
