import type { MigrationInterface } from 'typeorm';
import { PostgresSchema1764500000000 } from './postgres/1764500000000-postgres-schema.js';
import { AssessorCertification1765000000000 as PostgresAssessorCertification } from './postgres/1765000000000-assessor-certification.js';
import { ValidityDeliveries1765100000000 as PostgresValidityDeliveries } from './postgres/1765100000000-validity-deliveries.js';
import { Backreading1765200000000 as PostgresBackreading } from './postgres/1765200000000-backreading.js';
import { MinimumPaired1765500000000 as PostgresMinimumPaired } from './postgres/1765500000000-minimum-paired.js';
import { ConflictRecorders1765600000000 as PostgresConflictRecorders } from './postgres/1765600000000-conflict-recorders.js';
import { ReaderWanted1765700000000 as PostgresReaderWanted } from './postgres/1765700000000-reader-wanted.js';
import { SignInThrottles1765300000000 as PostgresSignInThrottles } from './postgres/1765300000000-sign-in-throttles.js';
import { AccountLifecycle1765400000000 as PostgresAccountLifecycle } from './postgres/1765400000000-account-lifecycle.js';
import { InitialSchema1732300000000 } from './sqlite/1732300000000-initial-schema.js';
import { ScaleOut1764500000000 } from './sqlite/1764500000000-scale-out.js';
import { AssessorCertification1765000000000 as SqliteAssessorCertification } from './sqlite/1765000000000-assessor-certification.js';
import { ValidityDeliveries1765100000000 as SqliteValidityDeliveries } from './sqlite/1765100000000-validity-deliveries.js';
import { Backreading1765200000000 as SqliteBackreading } from './sqlite/1765200000000-backreading.js';
import { MinimumPaired1765500000000 as SqliteMinimumPaired } from './sqlite/1765500000000-minimum-paired.js';

import { ConflictRecorders1765600000000 as SqliteConflictRecorders } from './sqlite/1765600000000-conflict-recorders.js';
import { ReaderWanted1765700000000 as SqliteReaderWanted } from './sqlite/1765700000000-reader-wanted.js';
import { SignInThrottles1765300000000 as SqliteSignInThrottles } from './sqlite/1765300000000-sign-in-throttles.js';
import { AccountLifecycle1765400000000 as SqliteAccountLifecycle } from './sqlite/1765400000000-account-lifecycle.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration of each engine, in order. Both lists end at the same schema. */
export const migrations: Record<'sqlite' | 'postgres', MigrationClass[]> = {
  sqlite: [
    InitialSchema1732300000000,
    ScaleOut1764500000000,
    SqliteAssessorCertification,
    SqliteValidityDeliveries,
    SqliteBackreading,
    SqliteSignInThrottles,
    SqliteAccountLifecycle,
    SqliteMinimumPaired,
    SqliteConflictRecorders,
    SqliteReaderWanted,
  ],
  postgres: [
    PostgresSchema1764500000000,
    PostgresAssessorCertification,
    PostgresValidityDeliveries,
    PostgresBackreading,
    PostgresSignInThrottles,
    PostgresAccountLifecycle,
    PostgresMinimumPaired,
    PostgresConflictRecorders,
    PostgresReaderWanted,
  ],
};
