/**
 * The API's validation messages as a person reads them next to an input: `targetSubmissions must
 * not be less than 1` becomes "Must be at least 1." under the "Submissions in the study" field, and
 * `rows.0.title must be longer than or equal to 1 characters` becomes "Cannot be empty." Pure.
 */
import { ApiError } from './api/client';

/** One message without the field path it starts with, in plain words. */
export function plainMessage(field: string, message: string): string {
  const leaf = field.split('.').at(-1) ?? field;
  let text = message.trim();
  for (const prefix of [field, leaf]) {
    if (text.startsWith(`${prefix} `)) {
      text = text.slice(prefix.length + 1);
      break;
    }
  }
  const rules: [RegExp, (match: RegExpMatchArray) => string][] = [
    [/^must not be less than (-?[\d.]+)$/, (m) => `Must be at least ${m[1]}.`],
    [/^must not be greater than (-?[\d.]+)$/, (m) => `Must be at most ${m[1]}.`],
    [/^must be longer than or equal to 1 characters?$/, () => 'Cannot be empty.'],
    [/^must be longer than or equal to (\d+) characters$/, (m) => `Needs at least ${m[1]} characters.`],
    [/^must be shorter than or equal to (\d+) characters$/, (m) => `Must be at most ${m[1]} characters.`],
    [/^must be an integer number$/, () => 'Must be a whole number.'],
    [/^must be a number conforming to the specified constraints$/, () => 'Must be a number.'],
    [/^must be a string$/, () => 'Must be text.'],
    [/^should not be empty$/, () => 'Cannot be empty.'],
    [/^must be a valid ISO 8601 date string$/, () => 'Must be a date.'],
    [/^must be at least (\d+) characters long$/, (m) => `Needs at least ${m[1]} characters.`],
    [/^must be at most (\d+) characters long$/, (m) => `Must be at most ${m[1]} characters.`],
    [/^must not be the email$/, () => 'Must not be the email address.'],
    [/^is too close to the email or the name/, () => 'Too close to the email address or the name: choose another.'],
    [/^is a common or breached password/, () => 'Too common: it is a known or breached password, or close to one. Choose a longer, less common one (several unrelated words work well).'],
    [/^must differ from the current password$/, () => 'Must differ from the current password.'],
    [/^is wrong$/, () => 'This is not the current password.'],
    [/^must be an email$/, () => 'Must be an email address, like name@example.org.'],
    [/^must contain at least 1 elements$/, () => 'Choose at least one.'],
  ];
  for (const [pattern, say] of rules) {
    const match = text.match(pattern);
    if (match) return say(match);
  }
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * The messages of a failed call per field (the first message of each field, in plain words), for
 * the fields a form shows; what concerns no field of the form is left for a message above it.
 */
export function fieldMessages(failure: Error | null, fields: readonly string[]): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (!(failure instanceof ApiError)) return { byField, other: failure ? [failure.message] : [] };
  for (const issue of failure.issues) {
    if (fields.includes(issue.field)) byField[issue.field] ??= plainMessage(issue.field, issue.message);
    else other.push(plainMessage(issue.field, issue.message));
  }
  if (failure.issues.length === 0) other.push(failure.message);
  return { byField, other };
}
