import { describe, expect, it } from 'vitest';
import { generatePassword, listInWords, passwordProblem, separationOfDuties } from './accounts';

describe('separationOfDuties(roles)', () => {
  it.each([
    [['assessor'], null],
    [['researcher', 'designer'], null],
    [['assessor', 'adjudicator'], null],
  ] as const)('%j: nothing follows', (roles, expected) => {
    expect(separationOfDuties(roles)).toBe(expected);
  });

  it('names every role that bars an assessor from reading', () => {
    expect(separationOfDuties(['assessor', 'trainer'])).toMatch(/^With the trainer role, this person sees earners or other readers’ scores, so they are never drawn as a reader/);
    expect(separationOfDuties(['admin', 'researcher', 'assessor'])).toMatch(/^With the admin and researcher roles,/);
  });
});

describe('passwordProblem(password, email)', () => {
  it.each([
    ['seven77', 'ada@example.org', 'Needs at least 8 characters.'],
    ['ada@example.org', 'ada@example.org', 'Must not be the email address.'],
    ['my ADA@example.org!', 'ada@example.org', 'Must not be the email address.'],
    ['adaadaad', 'adaadaad@example.org', 'Must not be the email address.'],
    ['x'.repeat(201), 'ada@example.org', 'Must be at most 200 characters.'],
    ['saffron glacier tuesday', 'ada@example.org', null],
  ])('%j for %s: %j', (password, email, expected) => {
    expect(passwordProblem(password, email)).toBe(expected);
  });
});

describe('generatePassword()', () => {
  it('gives four groups of four unambiguous characters, different each time', () => {
    const drawn = new Set(Array.from({ length: 20 }, () => generatePassword()));
    expect(drawn.size).toBe(20);
    for (const password of drawn) expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
  });

  it('draws every character evenly: bytes past the last whole alphabet are skipped', () => {
    // 31 letters: bytes 248 to 255 would favour the first eight, so they are thrown away
    let call = 0;
    const password = generatePassword((count) => (call++ === 0 ? new Array<number>(count).fill(250) : Array.from({ length: count }, (_, index) => index)));
    expect(password).toBe('abcd-efgh-jkmn-pqrs');
  });
});

describe('listInWords(items)', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ])('%j -> %j', (items, expected) => {
    expect(listInWords(items)).toBe(expected);
  });
});
