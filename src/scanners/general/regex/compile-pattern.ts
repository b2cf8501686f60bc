import { RE2JS, RE2JSException } from 're2js';
import { ValidationError } from '../../../lib/errors.ts';

/**
 * RE2 programs grow with counted repetition (`[a-z]{500}` is ~500 instructions) and so does the
 * cost of building their automaton; realistic patterns stay under 100.
 */
export const MAX_PROGRAM_SIZE = 1000;

const FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * An admin's pattern compiled for RE2 (linear-time matching: no backreferences, no lookaround),
 * or a ValidationError naming `field` and saying why not.
 */
export function compilePattern(pattern: string, flags: string, field: string): RE2JS {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(
      pattern,
      [...flags].reduce((bits, flag) => bits | (FLAGS[flag] ?? 0), 0),
    );
  } catch (error) {
    if (!(error instanceof RE2JSException)) {
      throw error;
    }
    const reason = error.message.replace(/^error parsing regexp: /, '');
    throw new ValidationError(`${field} is not a valid RE2 pattern: ${reason}`);
  }
  if (regex.programSize() > MAX_PROGRAM_SIZE) {
    throw new ValidationError(
      `${field} is too large for RE2 (${regex.programSize()} instructions, at most ` +
        `${MAX_PROGRAM_SIZE}): use smaller repetition counts`,
    );
  }
  // A pattern that matches nothing matches every text, and finds nothing to redact.
  if (regex.matches('')) {
    throw new ValidationError(`${field} matches the empty string, so it would match every text`);
  }
  return regex;
}
