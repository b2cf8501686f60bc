import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ValidationError } from '../lib/errors.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score: 3 is "safely unguessable: moderate protection from offline slow-hash attack". */
const MIN_SCORE = 3;

// The dictionaries ship in the packages: no network at start or at check. Loading and ranking
// them takes a third of a second, so it waits for the first password checked, not the start.
let zxcvbn: Promise<ZxcvbnFactory> | undefined;

function strengthChecker(): Promise<ZxcvbnFactory> {
  zxcvbn ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      }),
  );
  return zxcvbn;
}

/**
 * argon2id with @node-rs/argon2's defaults (m=19 MiB, t=2, p=1: OWASP's minimum); the PHC string
 * carries its parameters, so raising them later still verifies older hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password or a malformed hash; never throws for either. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash that cannot be parsed matches no password.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that a sign-in for an email without a password takes
 * as long as one with: the answer's timing does not tell whether the account exists.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('not anybody’s password');
  await verifyPassword(await dummyHash, password);
}

/**
 * Refuses a password shorter than 10 or longer than 256 characters, or one zxcvbn scores under 3
 * (with the person's email and name counted as guessable), with a ValidationError naming the
 * field `password` and saying why, in zxcvbn's words.
 */
export async function checkPasswordStrength(
  password: string,
  person: { email: string; name?: string | undefined },
  field = 'password',
): Promise<void> {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError(
      `${field}: must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    );
  }
  const personal = [person.email, ...person.email.split(/[@.+_-]/), person.name ?? ''];
  const { score, feedback } = (await strengthChecker()).check(password, personal.filter(Boolean));
  if (score < MIN_SCORE) {
    const advice = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
    throw new ValidationError(
      `${field}: too easy to guess. ${advice || 'Add more words that are less common.'}`.trim(),
    );
  }
}
