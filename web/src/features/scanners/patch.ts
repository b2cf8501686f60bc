// A scanner policy patch as the editor changes it: one field at a time, holding only the fields
// that differ from what they override (a field set back to its default leaves the patch).
import type { ScannerName, ScannerPolicies, ScannerPoliciesPatch, ScannerPolicy } from './api.ts';

export const COMMON_FIELDS = [
  'enabled',
  'action',
  'threshold',
  'directions',
  'onError',
  'timeoutMs',
] as const;
export type CommonField = (typeof COMMON_FIELDS)[number];

/** A field of one scanner's policy: a common one, or `settings.<name>`. */
export type FieldKey = CommonField | `settings.${string}`;

type LoosePolicy = { [field: string]: unknown; settings?: { [setting: string]: unknown } };
type LoosePatch = { [scanner: string]: LoosePolicy | undefined };

function loose(patch: ScannerPoliciesPatch): LoosePatch {
  return patch;
}

function settingOf(key: FieldKey): string | undefined {
  return key.startsWith('settings.') ? key.slice('settings.'.length) : undefined;
}

/** The value `key` has in a full policy. */
export function valueIn(policy: ScannerPolicy, key: FieldKey): unknown {
  const setting = settingOf(key);
  return setting === undefined
    ? policy[key as CommonField]
    : (policy.settings as { [setting: string]: unknown })[setting];
}

/** Whether the patch sets `key` of this scanner. */
export function isSet(patch: ScannerPoliciesPatch, name: ScannerName, key: FieldKey): boolean {
  const policy = loose(patch)[name];
  const setting = settingOf(key);
  return setting === undefined
    ? policy?.[key] !== undefined
    : policy?.settings?.[setting] !== undefined;
}

/** The scanner's policy as it runs with the patch: the defaults, then the patch's fields. */
export function effectivePolicy(
  defaults: ScannerPolicies,
  patch: ScannerPoliciesPatch,
  name: ScannerName,
): ScannerPolicy {
  const base = defaults[name];
  const change = loose(patch)[name];
  if (!change) {
    return base;
  }
  return {
    ...base,
    ...change,
    settings: { ...base.settings, ...change.settings },
  } as ScannerPolicy;
}

/**
 * The patch with `key` of this scanner set to `value`; when that is the default's value, the
 * field leaves the patch (and so do a scanner's settings, and a scanner, left empty).
 */
export function withField(
  patch: ScannerPoliciesPatch,
  defaults: ScannerPolicies,
  name: ScannerName,
  key: FieldKey,
  value: unknown,
): ScannerPoliciesPatch {
  if (sameValue(valueIn(defaults[name], key), value)) {
    return withoutField(patch, name, key);
  }
  const current = loose(patch)[name] ?? {};
  const setting = settingOf(key);
  const next: LoosePolicy =
    setting === undefined
      ? { ...current, [key]: value }
      : { ...current, settings: { ...current.settings, [setting]: value } };
  return { ...loose(patch), [name]: next };
}

/** The patch without `key` of this scanner: it follows the default again. */
export function withoutField(
  patch: ScannerPoliciesPatch,
  name: ScannerName,
  key: FieldKey,
): ScannerPoliciesPatch {
  const { [name]: current, ...others } = loose(patch);
  if (!current) {
    return patch;
  }
  const setting = settingOf(key);
  let next: LoosePolicy;
  if (setting === undefined) {
    const { [key]: _, ...rest } = current;
    next = rest;
  } else {
    const { [setting]: _, ...settings } = current.settings ?? {};
    const { settings: __, ...rest } = current;
    next = Object.keys(settings).length > 0 ? { ...rest, settings } : rest;
  }
  return Object.keys(next).length > 0 ? { ...others, [name]: next } : others;
}

/** How many fields the patch sets, over all scanners. */
export function changeCount(patch: ScannerPoliciesPatch): number {
  return Object.values(loose(patch)).reduce((count, policy) => {
    if (!policy) {
      return count;
    }
    const { settings, ...common } = policy;
    return count + Object.keys(common).length + Object.keys(settings ?? {}).length;
  }, 0);
}

/** Whether the patch changes anything of this scanner. */
export function scannerChanged(patch: ScannerPoliciesPatch, name: ScannerName): boolean {
  return loose(patch)[name] !== undefined;
}

/** Structural equality of JSON values (key order ignored, array order kept). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
