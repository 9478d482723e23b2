import { createTable } from './ddl.js';

/** Sign-in throttling, the same on both engines. Never change its output. */
export function signInThrottlesSchema(): string[] {
  return [
    createTable('sign_in_throttles', [
      '"key" text NOT NULL',
      '"hits" integer NOT NULL',
      '"window_ends_at" text NOT NULL',
      '"blocked_until" text',
      'CONSTRAINT "PK_sign_in_throttles" PRIMARY KEY ("key")',
    ]),
  ];
}
