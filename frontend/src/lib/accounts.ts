/**
 * Accounts as the admin's screens and the password screen speak of them: what each role is for,
 * what holding a role with `assessor` means for drawing readers, the password policy checks that
 * can be made before asking the API, and passwords generated to be handed over once. Pure but for
 * `generatePassword`, which draws from the browser's cryptographic random source.
 */

/** Every role, in the API's order (the same union as `Role` in routes.ts; no import, so the node tests can load this file). */
export const allRoles = ['admin', 'researcher', 'designer', 'trainer', 'assessor', 'adjudicator'] as const;
type Role = (typeof allRoles)[number];

/** One line per role, shown beside its checkbox. */
export const roleDescriptions: Record<Role, string> = {
  admin: 'runs the service: accounts, conflicts of interest, the audit log',
  researcher: 'creates credentials, opens validation windows, imports scores, reads reports',
  designer: 'writes and revises rubrics, opens validation windows, reads reports',
  trainer: 'prepares calibration material, certifies and monitors assessors',
  assessor: 'scores submissions blind, from their own queue',
  adjudicator: 'settles the submissions readers disagreed on',
};

/**
 * Roles that see earners' identities or other readers' scores: whoever holds one is never drawn
 * as a reader (separation of duties). Mirrors `UNBLINDED_ROLES` in backend/src/protocol/
 * certification.ts; test/dashboard-access.test.ts checks that both lists agree.
 */
export const UNBLINDED_ROLES: readonly Role[] = ['admin', 'researcher', 'designer', 'trainer'];

/** `['a']` -> `a`, `['a', 'b']` -> `a and b`, `['a', 'b', 'c']` -> `a, b and c`. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * What these roles mean for the drawing of readers, in one sentence, or null when nothing follows:
 * an assessor who also holds a role that sees earners or other readers' scores is never drawn.
 */
export function separationOfDuties(roles: readonly Role[]): string | null {
  if (!roles.includes('assessor')) return null;
  const unblinded = UNBLINDED_ROLES.filter((role) => roles.includes(role));
  if (unblinded.length === 0) return null;
  const which = listInWords(unblinded);
  return (
    `With the ${which} role${unblinded.length > 1 ? 's' : ''}, this person sees earners or other readers’ scores, so they are never drawn ` +
    'as a reader (separation of duties): the assessor role gives them no assignments. Remove it, or give them only assessor roles to read.'
  );
}

/** The password policy as people read it; the API checks the same (backend/src/modules/users/password-policy.ts). */
export const PASSWORD_RULES = ['At least 8 characters.', 'Not the email address, nor close to it or to the name.', 'Not a common or breached password, nor close to one (checked when saved).'] as const;

/**
 * Why `password` cannot be this person's, as far as can be told without the API's dictionary of
 * common passwords, or null. The API has the last word.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 8) return 'Needs at least 8 characters.';
  if (password.length > 200) return 'Must be at most 200 characters.';
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  const lower = password.trim().toLowerCase();
  if (address !== '' && (lower.includes(address) || lower === local)) return 'Must not be the email address.';
  return null;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A password to hand over once: four groups of four letters and digits (no 0/o, 1/l/i), about 79
 * bits, e.g. `k7qm-x3vr-p9tz-w2hn`. Far beyond the policy's minimum.
 */
export function generatePassword(random: (count: number) => ArrayLike<number> = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  const groups: string[] = [];
  // rejection sampling keeps every character equally likely
  const limit = 256 - (256 % ALPHABET.length);
  let group = '';
  while (groups.length < 4) {
    for (const byte of Array.from(random(16))) {
      if (byte >= limit) continue;
      group += ALPHABET[byte % ALPHABET.length];
      if (group.length === 4) {
        groups.push(group);
        group = '';
        if (groups.length === 4) break;
      }
    }
  }
  return groups.join('-');
}
