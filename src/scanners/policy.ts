import { Type, type TObject } from 'typebox';
import { Value } from 'typebox/value';
import { ValidationError } from '../lib/errors.ts';
import {
  SCAN_DIRECTIONS,
  SCAN_ERROR_POLICIES,
  SCANNER_NAMES,
  type ScannerName,
} from '../vocabulary/scanners.ts';
import type { Scanner, ScannerPolicy } from './scanner.ts';

/** Every scanner's policy: what a company or an agent runs. */
export type ScannerPolicies = Record<ScannerName, ScannerPolicy>;

/** A change to some scanners' policies; `settings` changes only the settings it names. */
export type PolicyPatch = Partial<Record<ScannerName, Partial<ScannerPolicy>>>;

export type ScannerRegistry = readonly Scanner[];

export const MAX_SCANNER_TIMEOUT_MS = 60_000;

/** The schema of one scanner's policy patch: validation, the API and its OpenAPI document. */
export function policyPatchSchema(scanner: Scanner): TObject {
  return Type.Object(
    {
      enabled: Type.Optional(Type.Boolean()),
      action: Type.Optional(
        Type.Enum([...scanner.actions], {
          description: 'What a detection over the threshold does',
        }),
      ),
      threshold: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 1,
          description: 'A detection scoring at least this counts (0 to 1)',
        }),
      ),
      onError: Type.Optional(
        Type.Enum(SCAN_ERROR_POLICIES, {
          description: 'When the scanner fails or times out: let the text through, or block it',
        }),
      ),
      directions: Type.Optional(
        Type.Array(Type.Enum(SCAN_DIRECTIONS), {
          maxItems: SCAN_DIRECTIONS.length,
          uniqueItems: true,
          description: 'Which texts it scans: prompt, answer, file, title',
        }),
      ),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SCANNER_TIMEOUT_MS })),
      settings: Type.Optional(
        Type.Partial(scanner.settingsSchema, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false, description: scanner.description },
  );
}

/** The schema of a patch over all scanners; an unknown scanner name is refused. */
export function policiesPatchSchema(registry: ScannerRegistry): TObject {
  return Type.Object(
    Object.fromEntries(
      registry.map((scanner) => [scanner.name, Type.Optional(policyPatchSchema(scanner))]),
    ),
    { additionalProperties: false },
  );
}

function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** Checks a patch against the schema; a 400 names the first field that is wrong and why. */
export function parsePolicyPatch(registry: ScannerRegistry, input: unknown): PolicyPatch {
  const schema = policiesPatchSchema(registry);
  if (Value.Check(schema, input)) {
    return input;
  }
  const errors = [...Value.Errors(schema, input)];
  const unknown = errors.find((error) => error.keyword === 'additionalProperties');
  if (unknown) {
    const names = (unknown.params as { additionalProperties?: string[] }).additionalProperties;
    const where = fieldOf(unknown.instancePath);
    const known =
      where === ''
        ? `; scanners are ${SCANNER_NAMES.join(', ')}`
        : '; see GET /api/Scanners/Defaults for the names';
    throw new ValidationError(
      `Unknown ${where === '' ? 'scanner' : 'field'} ${where ? `${where}.` : ''}${names?.join(', ') ?? ''}${known}`,
    );
  }
  const first = errors.find((error) => error.keyword !== 'boolean') ?? errors[0];
  throw new ValidationError(
    `${fieldOf(first?.instancePath ?? '')} ${first?.message ?? 'is not valid'}`,
  );
}

/** `base` with `patch` applied: fields replaced, settings merged name by name. */
export function applyPatch(base: ScannerPolicies, patch: PolicyPatch): ScannerPolicies {
  const result = { ...base };
  for (const [name, change] of Object.entries(patch) as [ScannerName, Partial<ScannerPolicy>][]) {
    const current = result[name];
    if (!current || !change) {
      continue;
    }
    result[name] = {
      ...current,
      ...change,
      settings: { ...current.settings, ...change.settings },
    };
  }
  return result;
}

/** A patch on top of a patch: what storing both one after the other amounts to. */
export function combinePatches(first: PolicyPatch, second: PolicyPatch): PolicyPatch {
  const result: PolicyPatch = { ...first };
  for (const [name, change] of Object.entries(second) as [ScannerName, Partial<ScannerPolicy>][]) {
    const earlier = result[name] ?? {};
    result[name] = {
      ...earlier,
      ...change,
      ...((earlier.settings || change.settings) && {
        settings: { ...earlier.settings, ...change.settings },
      }),
    };
  }
  return result;
}

/** Each scanner's built-in policy: what runs before any admin changes anything. */
export function builtInPolicies(registry: ScannerRegistry): ScannerPolicies {
  return Object.fromEntries(
    registry.map((scanner) => [scanner.name, structuredClone(scanner.defaults)]),
  ) as ScannerPolicies;
}

/**
 * Builds every enabled scanner's detector once, so settings the schema cannot judge (a regex
 * that does not compile) are a 400 when saved, not a failure in a user's turn.
 */
export async function assertPreparable(
  registry: ScannerRegistry,
  policies: ScannerPolicies,
): Promise<void> {
  for (const scanner of registry) {
    const field = `${scanner.name}.settings`;
    try {
      await scanner.prepare(policies[scanner.name].settings, field);
    } catch (error) {
      // Settings the schema let through are the request's fault whatever the scanner threw.
      throw error instanceof ValidationError
        ? error
        : new ValidationError(`${field} cannot be used: ${(error as Error).message}`);
    }
  }
}
