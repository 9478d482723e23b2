import { describe, expect, it } from 'vitest';
import { AppConfig, DEFAULT_PASSWORD_HASH_COST } from '../../config/app-config.js';
import { MINIMUM_PASSWORD_HASH_COST, PasswordHasher, passwordHashCostProblem } from './password-hashing.js';

describe('PasswordHasher', () => {
  const cheap = new PasswordHasher(MINIMUM_PASSWORD_HASH_COST);

  it('hashes at N = 2^15 unless configured otherwise, in production and by default', async () => {
    expect(DEFAULT_PASSWORD_HASH_COST).toBe(32768);
    expect(new AppConfig({ engine: 'sqlite', path: './data/concord.sqlite' }).passwordHashCost).toBe(32768);
    const hasher = new PasswordHasher();
    expect(hasher.cost).toBe(32768);
    expect(await hasher.hash('correct horse')).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('records the configured cost in each hash, and verifies only the right password', async () => {
    const stored = await cheap.hash('correct horse');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await cheap.verify('correct horse', stored)).toBe(true);
    expect(await cheap.verify('correct horse!', stored)).toBe(false);
    expect(await cheap.hash('correct horse')).not.toBe(stored);
  });

  it('verifies hashes made at another cost, since each hash names its own', async () => {
    const stored = await new PasswordHasher(2 ** 11).hash('pässword');
    expect(await cheap.verify('pässword', stored)).toBe(true);
    expect(await new PasswordHasher(2 ** 12).verify('pa\u0308ssword', stored)).toBe(true);
  });

  it('refuses malformed hashes and costs outside the accepted range without trying them', async () => {
    const stored = await cheap.hash('secret-1');
    const parts = stored.split('$');
    expect(await cheap.verify('secret-1', 'plain-text')).toBe(false);
    expect(await cheap.verify('secret-1', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await cheap.verify('secret-1', [parts[0], String(2 ** 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await cheap.verify('secret-1', [parts[0], '1000', ...parts.slice(2)].join('$'))).toBe(false);
  });

  it('checks unknown emails against an unusable hash at the configured cost, which no password matches', async () => {
    expect(cheap.unusableHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(new PasswordHasher().unusableHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await cheap.verify('', cheap.unusableHash)).toBe(false);
    expect(await cheap.verify('anything', cheap.unusableHash)).toBe(false);
  });

  it('accepts only powers of two from 2^10 to 2^20 as the cost', () => {
    for (const cost of [2 ** 10, 2 ** 15, 2 ** 20]) expect(passwordHashCostProblem(cost)).toBeNull();
    for (const cost of [2 ** 9, 1000, 2 ** 21, 0, -1024, 1024.5, Number.NaN]) {
      expect(passwordHashCostProblem(cost)).toMatch(/power of two from 1024 to 1048576/);
      expect(() => new PasswordHasher(cost)).toThrow(/power of two/);
    }
  });
});
