import { ApiError } from '../../lib/api.ts';
import type { ScannerName } from './api.ts';
import { COMMON_FIELDS, type CommonField, type FieldKey } from './patch.ts';
import { SCANNER_ORDER } from './catalog.ts';

/** A 400 about one scanner's policy, and the field it names when it names one. */
export interface PolicyFieldError {
  scanner: ScannerName;
  key?: FieldKey;
  /** The list item it is about: `patterns[2]` → 2. */
  index?: number;
  message: string;
}

const FIELD = new RegExp(
  `(?:^|[\\s.'"])(${SCANNER_ORDER.join('|')})(?!\\w)(?:\\.(\\w+)(?:\\.(\\w+))?(?:\\[(\\d+)\\])?)?`,
);

/**
 * The scanner and field a 400 of PUT /api/Scanners/Defaults (or of an agent's `scanners`) names,
 * e.g. "regex.settings.patterns[0].pattern is not a valid RE2 pattern: …".
 */
export function policyFieldError(error: unknown): PolicyFieldError | undefined {
  // "Unknown scanner x; scanners are geoGating, …" is about no scanner of the list.
  if (
    !(error instanceof ApiError) ||
    error.status !== 400 ||
    /^Unknown scanner/.test(error.message)
  ) {
    return undefined;
  }
  const match = FIELD.exec(error.message);
  if (!match) {
    return undefined;
  }
  const [, scanner, field, setting, index] = match;
  let key: FieldKey | undefined;
  if (field === 'settings' && setting) {
    key = `settings.${setting}`;
  } else if (field && (COMMON_FIELDS as readonly string[]).includes(field)) {
    key = field as CommonField;
  }
  return {
    scanner: scanner as ScannerName,
    ...(key && { key }),
    ...(index !== undefined && { index: Number(index) }),
    message: error.message,
  };
}
