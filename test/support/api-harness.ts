import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, type CreateAppOptions } from '../../backend/src/app.js';
import { MINIMUM_PASSWORD_HASH_COST } from '../../backend/src/modules/auth/password-hashing.js';
import type { Role } from '../../backend/src/modules/users/roles.js';
import { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../../backend/src/config/database-target.js';
import { query } from '../../backend/src/database/sql.js';
import { UnitOfWork } from '../../backend/src/database/unit-of-work.js';
import { testDatabase } from './test-database.js';

export const ADMIN = { email: 'admin@concord.test', password: 'admin-password-1' };

export interface TestUser {
  id: number;
  name: string;
  email: string;
  password: string;
  roles: Role[];
  token: string;
}

export interface ApiHarness {
  app: INestApplication;
  /** the throw-away database: a SQLite file, or a PostgreSQL database when DATABASE_URL is set */
  database: DatabaseTarget;
  http: () => TestAgent;
  /** one SQL statement on the app's database, `?` for parameters on either engine */
  sql: <T = Record<string, unknown>>(text: string, parameters?: unknown[]) => Promise<T[]>;
  /** runs one writing statement in a transaction of its own, as the services write */
  write: (text: string, parameters?: unknown[]) => Promise<void>;
  adminToken: string;
  /** creates a user through POST /api/users and logs them in */
  createUser: (name: string, roles: Role[], conflictOrganisations?: string[]) => Promise<TestUser>;
  /** closes the app and removes the database */
  close: () => Promise<void>;
}

let userCounter = 0;

/**
 * An in-process API on a throw-away database (SQLite, or PostgreSQL when DATABASE_URL is set; see
 * test-database.ts), with an administrator logged in. Passwords are
 * hashed at the cheapest accepted scrypt cost (2^10) unless `options` say otherwise: every test
 * user costs a hash and a login. Sign-ins are not limited per client address unless `options.signIn` says so.
 */
export async function startApi(label: string, options: Partial<CreateAppOptions> = {}): Promise<ApiHarness> {
  const database = await testDatabase(label);
  const app = await createApp({
    database: database.target,
    admin: ADMIN,
    logger: false,
    passwordHashCost: MINIMUM_PASSWORD_HASH_COST,
    ...options,
    // every test signs in from 127.0.0.1, many times: the per-address limit only where a test sets it
    signIn: { perAddress: 1_000_000, ...options.signIn },
  });
  const http = () => request(app.getHttpServer());
  const adminToken = await login(http, ADMIN.email, ADMIN.password);
  return {
    app,
    database: database.target,
    http,
    sql: (text, parameters = []) => query(app.get(DataSource), text, parameters),
    write: async (text, parameters = []) => {
      await app.get(UnitOfWork).run((manager) => query(manager, text, parameters));
    },
    adminToken,
    createUser: async (name, roles, conflictOrganisations) => {
      userCounter += 1;
      const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${userCounter}@concord.test`;
      const password = `password-${name}-${userCounter}`;
      const created = await http()
        .post('/api/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ email, name, password, roles, ...(conflictOrganisations ? { conflictOrganisations } : {}) })
        .expect(201);
      return { id: created.body.id, name, email, password, roles, token: await login(http, email, password) };
    },
    close: async () => {
      await app.close();
      await database.remove();
    },
  };
}

export async function login(http: () => TestAgent, email: string, password: string): Promise<string> {
  const response = await http().post('/api/auth/login').send({ email, password }).expect(200);
  return response.body.token as string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A rubric with a binary row and a four-level ordinal row. */
export const twoRowRubric = {
  rows: [
    {
      key: 'aim',
      title: 'States the aim',
      descriptor: 'The assessment says what it measures.',
      scale: 'nominal',
      levels: [
        { value: 'no', label: 'No' },
        { value: 'yes', label: 'Yes' },
      ],
    },
    {
      key: 'depth',
      title: 'Depth of the task',
      scale: 'ordinal',
      levels: ['1', '2', '3', '4'].map((value) => ({ value, label: `Level ${value}`, descriptor: `Depth ${value}` })),
    },
  ],
};
