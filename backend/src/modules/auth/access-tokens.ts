import { createHash, randomBytes } from 'node:crypto';

/** A new bearer token (32 random bytes, base64url) and the SHA-256 hash under which it is stored. */
export function newAccessToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccessToken(token) };
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
