import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { FieldIssue } from '../../protocol/errors.js';

export const MINIMUM_PASSWORD_LENGTH = 8;
export const MAXIMUM_PASSWORD_LENGTH = 200;
/**
 * zxcvbn's score (0 to 4) a password must reach: 3 is "safely unguessable", about 10^8 guesses
 * or more, against its dictionary of common and breached passwords (`password`, `12345678`,
 * `qwertyui` and their easy variants score 0 or 1) and the person's own email and name.
 */
export const MINIMUM_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

/** zxcvbn with the common dictionary (built on first use: its lists take about 80 ms to load). */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return estimator;
}

/**
 * Why `password` cannot be the password of the person with this email (and name), as an issue
 * on the field `field`, or null when it can: at least 8 characters (at most 200), never the email
 * or its part before the @, and not a common or breached password or one close to it.
 */
export function passwordIssue(password: string, person: { email: string; name?: string }, field = 'password'): FieldIssue | null {
  const issue = (message: string): FieldIssue => ({ field, message: `${field} ${message}` });
  if (password.length < MINIMUM_PASSWORD_LENGTH) return issue(`must be at least ${MINIMUM_PASSWORD_LENGTH} characters long`);
  if (password.length > MAXIMUM_PASSWORD_LENGTH) return issue(`must be at most ${MAXIMUM_PASSWORD_LENGTH} characters long`);
  const email = person.email.trim().toLowerCase();
  const local = email.split('@')[0];
  const lower = password.trim().toLowerCase();
  if (lower.includes(email) || lower === local) return issue('must not be the email');
  const names = (person.name ?? '').toLowerCase().split(/\s+/).filter((part) => part.length >= 3);
  const result = zxcvbn().check(password, [email, local, ...names]);
  if (result.score >= MINIMUM_PASSWORD_SCORE) return null;
  if (result.sequence.some((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs')) {
    return issue('is too close to the email or the name: choose another');
  }
  return issue('is a common or breached password, or too close to one: choose a longer, less common one (several unrelated words work well)');
}
