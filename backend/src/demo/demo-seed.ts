import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DataSource } from 'typeorm';
import { AdjudicationService } from '../modules/adjudication/adjudication.service.js';
import { Credential } from '../modules/credentials/credential.entity.js';
import { CredentialsService } from '../modules/credentials/credentials.service.js';
import { RubricVersionsService } from '../modules/credentials/rubric-versions.service.js';
import type { RubricRowInput } from '../modules/credentials/credentials.dto.js';
import { ScoringService } from '../modules/scoring/scoring.service.js';
import { Assignment } from '../modules/submissions/assignment.entity.js';
import { SubmissionsService } from '../modules/submissions/submissions.service.js';
import type { Role } from '../modules/users/roles.js';
import { UsersService } from '../modules/users/users.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ValidationWindowsService } from '../modules/validation-windows/validation-windows.service.js';
import type { AdjudicationReason } from '../protocol/study-report.js';
import { query } from '../database/sql.js';
import { assessorIdsByEmail, seedCertification, seedLiveHistory } from './demo-certification.js';

/** A demo login, printed at start-up and written in the README. */
export interface DemoLogin {
  email: string;
  password: string;
  roles: Role[];
  name: string;
}

interface People {
  password: string;
  assessors: { name: string; email: string; conflicts: string[] }[];
  /** assessors who join after version 1 was validated, so they scored nothing live */
  laterAssessors: { name: string; email: string; conflicts: string[] }[];
  staff: { name: string; email: string; roles: Role[] }[];
}

interface RubricFile {
  title: string;
  criteria: RubricRowInput[];
}

type Row = Record<string, string>;

const STUDY = { targetSubmissions: 50, readersPerSubmission: 2, threshold: 0.8 };
/** submissions received after version 2's study, each waiting for its one reader */
const LIVE_WAITING = 16;

/** Every demo account's email ends with it (fixtures/demo/people.json). */
export const DEMO_EMAIL_DOMAIN = 'demo.concord';

/** How many enabled accounts of the demo the database holds: their password is public. */
export async function demoAccountCount(app: INestApplication): Promise<number> {
  const [row] = await query<{ n: number | string }>(app.get(DataSource), 'SELECT COUNT(*) AS "n" FROM "users" WHERE "email" LIKE ? AND "disabled_at" IS NULL', [`%@${DEMO_EMAIL_DOMAIN}`]);
  return Number(row.n);
}

/** The warning printed when a start without --demo finds demo accounts, or null when there are none. */
export function demoAccountsWarning(count: number): string | null {
  if (count === 0) return null;
  const line = '!'.repeat(78);
  return [
    line,
    `WARNING: this database holds ${count} enabled demo account${count === 1 ? '' : 's'} (@${DEMO_EMAIL_DOMAIN}) whose password is`,
    'published in the README, admin@demo.concord among them. Anyone who reaches this server can sign',
    'in with them. Disable them (POST /api/users/:id/disable) or start on a fresh database.',
    line,
  ].join('\n');
}

/**
 * Loads the demo from fixtures/demo on a fresh database, through the same services the API uses:
 * the "Performance Assessment Design" credential, eight assessors and one person per staff role,
 * a completed 50-submission validation of version 1 in which the scoring-tool row is genuinely
 * ambiguous (64% agreement), its adjudications, and version 2 with that row rewritten, its 50
 * study submissions scored and all but six of its disagreements adjudicated (those six wait in the
 * adjudicator's queue), and 16 later submissions waiting in assessors' queues.
 * Does nothing when the database already holds a credential.
 */
export async function seedDemo(app: INestApplication, fixturesDir: string): Promise<DemoLogin[] | null> {
  const dataSource = app.get(DataSource);
  if ((await dataSource.manager.count(Credential)) > 0) return null;
  const users = app.get(UsersService);
  const credentials = app.get(CredentialsService);
  const versions = app.get(RubricVersionsService);
  const windows = app.get(ValidationWindowsService);
  const submissions = app.get(SubmissionsService);
  const scoring = app.get(ScoringService);
  const adjudication = app.get(AdjudicationService);
  const unitOfWork = app.get(UnitOfWork);

  const read = (name: string) => readFileSync(join(fixturesDir, name), 'utf8');
  const csv = (name: string) => Papa.parse<Row>(read(name), { header: true, skipEmptyLines: true }).data;
  const people = JSON.parse(read('people.json')) as People;
  const v1 = JSON.parse(read('performance-assessment-design.rubric.json')) as RubricFile;
  const v2 = JSON.parse(read('performance-assessment-design-v2.rubric.json')) as RubricFile;
  const earners = csv('earners.csv');

  const logins: DemoLogin[] = [];
  const ids = new Map<string, number>();
  for (const person of people.staff) {
    const user = await users.create(null, { ...person, password: people.password });
    ids.set(person.email, user.id);
    logins.push({ ...person, password: people.password });
  }
  for (const person of people.assessors) {
    await users.create(null, { name: person.name, email: person.email, password: people.password, roles: ['assessor'], conflictOrganisations: person.conflicts });
    logins.push({ name: person.name, email: person.email, password: people.password, roles: ['assessor'] });
  }
  const designer = ids.get('designer@demo.concord')!;
  const researcher = ids.get('researcher@demo.concord')!;
  const adjudicator = ids.get('adjudicator@demo.concord')!;

  const credential = await credentials.create(designer, {
    title: v1.title,
    description:
      'Educators design a performance assessment for their students: aligned to learning targets, authentic, with a usable scoring tool, shared success criteria and a feedback plan, and reflect on the results.',
  });
  await versions.create(designer, credential.id, { rows: v1.criteria.map(rowInput) });
  await windows.open(designer, credential.id, 1, { ...STUDY, seed: 2026 });
  const v1Scores = bySubmissionAndReader(csv('performance-assessment-design.csv'));
  let earner = 0;
  for (const [reference, readers] of v1Scores) {
    await receiveAndScore(reference, readers);
  }
  const settle = csv('performance-assessment-design.adjudications.csv');
  const studyIds = await query<{ id: number; ref: string }>(dataSource, `SELECT "id", "external_ref" AS "ref" FROM "submissions" WHERE "credential_id" = ? AND "external_ref" IS NOT NULL`, [credential.id]);
  const idOf = new Map<string, number>(studyIds.map((r) => [r.ref, Number(r.id)]));
  const decisions = adjudicationsOf(settle);
  for (const [reference, rows] of decisions) await adjudication.record(adjudicator, idOf.get(reference)!, { rows });

  for (const person of people.laterAssessors) {
    const user = await users.create(null, { name: person.name, email: person.email, password: people.password, roles: ['assessor'], conflictOrganisations: person.conflicts });
    ids.set(person.email, user.id);
    logins.push({ name: person.name, email: person.email, password: people.password, roles: ['assessor'] });
  }
  await seedCertification(app, {
    credentialId: credential.id,
    trainer: ids.get('trainer@demo.concord')!,
    admin: ids.get('admin@demo.concord')!,
    notes: decisions,
    submissionRefs: idOf,
    expertPanelCsv: read('expert-panel.csv'),
    assessorIds: await assessorIdsByEmail(dataSource),
  });

  await seedLiveHistory(app, {
    credentialId: credential.id,
    researcher,
    earners,
    scorings: [...v1Scores.values()].flatMap((readers) => (readers.get('reader-A') ? [readers.get('reader-A')!.levels] : [])),
    assessorIds: await assessorIdsByEmail(dataSource),
  });

  await versions.create(designer, credential.id, {
    previousVersion: 1,
    rows: v2.criteria.filter((row) => JSON.stringify(row) !== JSON.stringify(v1.criteria.find((r) => r.key === row.key))).map(rowInput),
  });
  await windows.open(designer, credential.id, 2, { ...STUDY, seed: 2027 });
  const v2Scores = bySubmissionAndReader(csv('performance-assessment-design-v2.csv'));
  for (const [reference, readers] of v2Scores) await receiveAndScore(reference, readers);
  // The study is full, so the window is adjudicating: the adjudicator settles all but the last six
  // disagreeing submissions, which stay in the adjudication queue.
  const v2Ids = await query<{ id: number; ref: string }>(dataSource, `SELECT "id", "external_ref" AS "ref" FROM "submissions" WHERE "credential_id" = ? AND "external_ref" LIKE 'PAD2-%'`, [credential.id]);
  const v2IdOf = new Map<string, number>(v2Ids.map((r) => [r.ref, Number(r.id)]));
  for (const [reference, rows] of adjudicationsOf(csv('performance-assessment-design-v2.adjudications.csv'))) await adjudication.record(adjudicator, v2IdOf.get(reference)!, { rows });
  // Live work after the study, one reader each, waiting in the assessors' queues.
  for (let waiting = 0; waiting < LIVE_WAITING; waiting++) await receiveAndScore(`PAD2-${String(v2Scores.size + waiting + 1).padStart(3, '0')}`, new Map());
  return logins;

  /** Receives the next earner's submission (earners of version 1 come back after the list's end) and seals the scores the fixture gives its readers A and B. */
  async function receiveAndScore(reference: string, readers: Map<string, { levels: Record<string, string>; comments: Record<string, string> }>) {
    const person = earners[earner++ % earners.length];
    const receipt = await submissions.receive(researcher, credential.id, {
      earnerName: person.earner_name,
      earnerOrganisation: person.organisation,
      evidenceText: person.evidence,
    });
    await unitOfWork.run((manager) => query(manager, `UPDATE "submissions" SET "external_ref" = ? WHERE "id" = ?`, [reference, receipt.id]));
    const assignments = await dataSource.manager.find(Assignment, { where: { submissionId: receipt.id }, order: { readerSlot: 'ASC' } });
    for (const assignment of assignments) {
      const reading = readers.get(`reader-${String.fromCharCode(64 + assignment.readerSlot!)}`);
      if (reading) await scoring.submitScore(assignment.assessorId, assignment.id, reading);
    }
  }
}

/** submission -> row -> the adjudicator's final level, reason and note, from an adjudications file. */
function adjudicationsOf(rows: Row[]) {
  const decisions = new Map<string, Record<string, { level: string; reason: AdjudicationReason; note: string }>>();
  for (const row of rows) {
    const settled = decisions.get(row.submission) ?? {};
    settled[row.criterion] = { level: row.level, reason: row.reason as AdjudicationReason, note: row.note };
    decisions.set(row.submission, settled);
  }
  return decisions;
}

function rowInput(row: RubricRowInput): RubricRowInput {
  return { key: row.key, title: row.title, descriptor: row.descriptor ?? '', scale: row.scale, levels: row.levels };
}

/** submission -> reader -> levels and comments, in file order. */
function bySubmissionAndReader(rows: Row[]) {
  const out = new Map<string, Map<string, { levels: Record<string, string>; comments: Record<string, string> }>>();
  for (const row of rows) {
    const readers = out.get(row.submission) ?? new Map();
    out.set(row.submission, readers);
    const reading = readers.get(row.assessor) ?? { levels: {}, comments: {} };
    readers.set(row.assessor, reading);
    reading.levels[row.criterion] = row.level;
    if (row.comment) reading.comments[row.criterion] = row.comment;
  }
  return out;
}
