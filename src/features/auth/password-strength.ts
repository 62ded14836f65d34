import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ValidationFailed } from '../../lib/errors.js';

/*
 * What a new password must be: long enough (length beats composition rules, as NIST 800-63B
 * says), and not one that a guessing program tries early: the 30,000 passwords most seen in
 * leaks, keyboard rows, sequences, repeats, dates, and what the person typed elsewhere (their
 * e-mail and name). zxcvbn-ts with its common dictionary judges that; a score under 2 ("guessable
 * in under 10^6 tries") is refused, with the reason.
 *
 * The estimator and its dictionaries (about 15 MB of heap) load on the first password set, not at
 * every server start. It runs on the main thread and its cost grows with the length (a 200-char
 * password took 300 ms), so it judges the first 32 characters: a password whose first 32 are hard
 * to guess is hard to guess.
 */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
const JUDGED_LENGTH = 32;
const LOWEST_ACCEPTED_SCORE = 2;

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary },
        graphs: common.adjacencyGraphs,
      }),
  );
  return estimator;
}

/** Why zxcvbn-ts found a password easy, by its warning key, in words a person acts on. */
function reasonOf(warning: string | null): string {
  switch (warning) {
    case 'topTen':
    case 'topHundred':
    case 'common':
    case 'pwned':
      return 'it is one of the passwords most often seen in leaks';
    case 'similarToCommon':
      return 'it is close to a password often seen in leaks';
    case 'straightRow':
    case 'keyPattern':
      return 'it is a row or pattern of keys';
    case 'simpleRepeat':
    case 'extendedRepeat':
      return 'it repeats the same characters or words';
    case 'sequences':
      return 'it is a sequence such as abc or 123';
    case 'recentYears':
    case 'dates':
      return 'it is mostly a date or a year';
    case 'userInputs':
      return 'it is built from your e-mail address or name';
    case 'wordByItself':
    case 'namesByThemselves':
    case 'commonNames':
      return 'it is mostly a single common word or name';
    case null:
    default:
      return 'a guessing program would find it early';
  }
}

/**
 * Throws ValidationFailed unless the password is long enough and hard to guess.
 * @param related what the person typed elsewhere (e-mail, name): a password built from it is weak
 */
export async function checkPasswordStrength(
  password: string,
  options: { property?: string; related?: readonly string[] } = {},
): Promise<void> {
  const property = options.property ?? 'password';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationFailed(
      `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
      property,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationFailed(
      `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`,
      property,
    );
  }
  // "Minji Park" and minji.park@example.com also as minji, park, minjipark and minji.park.
  const related = (options.related ?? []).flatMap((text) => {
    const local = text.split('@')[0] ?? text;
    return [text, local, local.replace(/[\s._-]+/g, ''), ...text.split(/[@\s._-]+/)];
  });
  const result = (await loadEstimator()).check(
    password.slice(0, JUDGED_LENGTH),
    related.filter((word) => word.length >= 3),
  );
  if (result.score < LOWEST_ACCEPTED_SCORE) {
    throw new ValidationFailed(
      `That password is too easy to guess: ${reasonOf(result.feedback.warning)}. ` +
        'A few words that do not belong together make a strong one.',
      property,
    );
  }
}
