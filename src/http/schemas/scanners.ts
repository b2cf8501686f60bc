import { Type, type Static, type TObject } from 'typebox';
import {
  SCAN_ACTIONS,
  SCAN_DIRECTIONS,
  SCAN_ERROR_POLICIES,
  SCAN_VERDICTS,
  SCANNER_NAMES,
} from '../../vocabulary/scanners.ts';
import { SCANNERS } from '../../scanners/registry.ts';
import {
  MAX_SCANNER_TIMEOUT_MS,
  policiesPatchSchema,
  type ScannerPolicies,
} from '../../scanners/policy.ts';
import type { Scanner } from '../../scanners/scanner.ts';
import { MAX_PROMPT_CHARS } from '../../vocabulary/limits.ts';
import { Id } from './common.ts';

const ScannerNameSchema = Type.Enum(SCANNER_NAMES);

function policySchema(scanner: Scanner): TObject {
  return Type.Object(
    {
      enabled: Type.Boolean(),
      action: Type.Enum(SCAN_ACTIONS),
      threshold: Type.Number({ minimum: 0, maximum: 1 }),
      onError: Type.Enum(SCAN_ERROR_POLICIES),
      directions: Type.Array(Type.Enum(SCAN_DIRECTIONS)),
      timeoutMs: Type.Integer({ minimum: 1, maximum: MAX_SCANNER_TIMEOUT_MS }),
      settings: scanner.settingsSchema,
    },
    {
      description: `${scanner.kind === 'ai' ? 'AI scanner' : 'General scanner'}: ${scanner.description}`,
    },
  );
}

/** Every scanner's policy, in the order they run. */
export const ScannerPoliciesSchema = Type.Object(
  Object.fromEntries(SCANNERS.map((scanner) => [scanner.name, policySchema(scanner)])),
);

/** Some scanners' policy fields; what is left out keeps its value. */
export const ScannerPoliciesPatchSchema = policiesPatchSchema(SCANNERS);

export const FindingSchema = Type.Object({
  type: Type.String(),
  start: Type.Integer({
    description: 'UTF-16 offset into the text; equal to end for the whole text',
  }),
  end: Type.Integer(),
  label: Type.String({ description: 'What was found, never the matched text' }),
  action: Type.Optional(Type.Enum(SCAN_ACTIONS)),
});

export const ScanResultSchema = Type.Object({
  scanner: ScannerNameSchema,
  verdict: Type.Enum(SCAN_VERDICTS),
  score: Type.Number(),
  findings: Type.Array(FindingSchema),
  durationMs: Type.Number(),
  error: Type.Optional(Type.String()),
});

export const ScanBodySchema = Type.Object({
  text: Type.String({ minLength: 1, maxLength: MAX_PROMPT_CHARS }),
  agentId: Type.Optional(
    Id({ description: "Scan under this agent's policy; without it, the company's defaults" }),
  ),
  direction: Type.Optional(
    Type.Enum(SCAN_DIRECTIONS, { default: 'prompt', description: 'Which kind of text it is' }),
  ),
  scanners: Type.Optional(
    Type.Array(ScannerNameSchema, {
      maxItems: SCANNER_NAMES.length,
      uniqueItems: true,
      description: 'Only these (if enabled for the direction); default: all that are',
    }),
  ),
});

export const ScanResponseSchema = Type.Object({
  verdict: Type.Enum(SCAN_VERDICTS, { description: 'The worst verdict of the results' }),
  results: Type.Array(ScanResultSchema),
  redactedText: Type.String({
    description:
      'The text with what the scanners redact replaced by placeholders such as [EMAIL_1]',
  }),
});

// The schema is built from the registry, so TypeScript cannot see that the two agree.
export function policiesResponse(policies: ScannerPolicies): Static<typeof ScannerPoliciesSchema> {
  return policies as unknown as Static<typeof ScannerPoliciesSchema>;
}
