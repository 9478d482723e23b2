import { expect } from 'vitest';
import { bearer, type ApiHarness, type TestUser } from './api-harness.js';
import { createCredential, openWindow, submitWork } from './builders.js';

/**
 * Calibration material and sets built through the real API, for the two-row rubric of
 * api-harness.ts (`aim`: no/yes, `depth`: 1 to 4). Each step checks only that the API accepted it.
 */

export type Levels = Record<string, string>;

/** One item of an expert panel: its reference, evidence, level per row and rationale. */
export interface PanelItem {
  ref: string;
  evidence: string;
  levels: Levels;
  /** written on every row of the item (the row's key is appended) */
  rationale?: string;
}

/** What a trainer knows of a confirmed item: its true levels and rationales. */
export interface Truth {
  itemId: number;
  levels: Levels;
  rationales: Record<string, string | null>;
}

/**
 * `count` panel items named `${prefix}-1`, ...: depth cycles through 1 to 4 and aim through
 * yes, no, yes, so every level of every row appears once 4 items are made.
 */
export function panelItems(prefix: string, count: number, levelsOf: (index: number) => Levels = cycledLevels): PanelItem[] {
  return Array.from({ length: count }, (_, index) => ({
    ref: `${prefix}-${index + 1}`,
    evidence: `${prefix} panel response ${index + 1}`,
    levels: levelsOf(index),
    rationale: `Panel rationale for ${prefix} ${index + 1}`,
  }));
}

export function cycledLevels(index: number): Levels {
  return { aim: ['yes', 'no', 'yes'][index % 3], depth: String(1 + (index % 4)) };
}

/** Every pair of levels equally often: depth cycles through 1 to 4, aim turns over every 4 items. */
export function balancedLevels(index: number): Levels {
  return { aim: Math.floor(index / 4) % 2 === 0 ? 'yes' : 'no', depth: String(1 + (index % 4)) };
}

/** An expert-panel file: `item,criterion,level,rationale,evidence_text`, one line per item and row. */
export function expertPanelCsv(items: readonly PanelItem[]): string {
  const lines = ['item,criterion,level,rationale,evidence_text'];
  for (const item of items) {
    for (const [row, level] of Object.entries(item.levels)) {
      lines.push([item.ref, row, level, item.rationale ? `${item.rationale} (${row})` : '', item.evidence].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function calibrationPath(credentialId: number, version = 1): string {
  return `/api/credentials/${credentialId}/rubric-versions/${version}/calibration`;
}

/** Posts an expert-panel CSV file as a trainer; the response, checked against `status` (200 unless told). */
export async function importPanel(api: ApiHarness, trainer: TestUser, credentialId: number, csv: string, status = 200, version = 1) {
  return api
    .http()
    .post(`${calibrationPath(credentialId, version)}/candidates/import`)
    .set(bearer(trainer.token))
    .set('Content-Type', 'text/csv')
    .send(csv)
    .expect(status);
}

interface CandidateRow {
  key: string;
  finalLevel: string;
  disagreed: boolean;
  confirmedLevel: string | null;
  trueLevel: string | null;
  rationale: string | null;
}

export interface CandidateResponse {
  id: number;
  provenance: string;
  status: string;
  borderline: boolean;
  pool: string | null;
  externalRef: string | null;
  evidence: { text: string | null; url: string | null };
  rows: CandidateRow[];
  callerTookPart: boolean;
  confirmedBy: { id: number; name: string } | null;
  settledBy: { id: number; name: string } | null;
}

/** Every calibration item of a version as `staff` sees it, page by page; `filter` is a query string. */
export async function candidates(api: ApiHarness, staff: TestUser, credentialId: number, filter = '', version = 1): Promise<CandidateResponse[]> {
  const items: CandidateResponse[] = [];
  for (let page = 1; ; page++) {
    const response = await api
      .http()
      .get(`${calibrationPath(credentialId, version)}/candidates?pageSize=200&page=${page}${filter ? `&${filter}` : ''}`)
      .set(bearer(staff.token))
      .expect(200);
    items.push(...response.body.items);
    if (items.length >= response.body.total || response.body.items.length === 0) return items;
  }
}

/**
 * Confirms every candidate the trainer took no part in live with its final levels, writing a
 * rationale on each row that was disagreed live; the number confirmed.
 */
export async function confirmCandidates(api: ApiHarness, trainer: TestUser, credentialId: number, version = 1): Promise<number> {
  let confirmed = 0;
  for (const item of await candidates(api, trainer, credentialId, 'status=candidate', version)) {
    if (item.callerTookPart) continue;
    const levels = Object.fromEntries(item.rows.map((row) => [row.key, row.finalLevel]));
    const rationales = Object.fromEntries(item.rows.filter((row) => row.disagreed).map((row) => [row.key, `Confirmed rationale for item ${item.id} (${row.key})`]));
    await api.http().post(`${calibrationPath(credentialId, version)}/candidates/${item.id}/confirm`).set(bearer(trainer.token)).send({ levels, rationales }).expect(200);
    confirmed++;
  }
  return confirmed;
}

/** Changes the credential's certification numbers (the rest keep their values). */
export async function setPolicy(api: ApiHarness, trainer: TestUser, credentialId: number, policy: object): Promise<void> {
  await api.http().put(`/api/credentials/${credentialId}/certification-settings`).set(bearer(trainer.token)).send({ policy }).expect(200);
}

export interface PoolsResponse {
  rubricVersion: number;
  material: { candidate: number; ambiguous: number; confirmed: number; unpooled: number };
  pools: Array<{
    pool: string;
    items: number;
    borderline: number;
    rows: Array<{ key: string; levels: Array<{ level: string; count: number }> }>;
    missing: Array<{ rowKey: string; level: string }>;
  }>;
}

/** Draws the confirmed material into pools with a seed; the pools. */
export async function drawPools(api: ApiHarness, trainer: TestUser, credentialId: number, seed: string, version = 1): Promise<PoolsResponse> {
  return (await api.http().post(`${calibrationPath(credentialId, version)}/pools`).set(bearer(trainer.token)).send({ seed }).expect(200)).body;
}

/**
 * Expert-panel material ready for sets: `count` panel items imported, confirmed, the policy set
 * and the pools drawn.
 */
export async function panelMaterial(
  api: ApiHarness,
  trainer: TestUser,
  credentialId: number,
  options: { prefix: string; count: number; policy: object; seed?: string; levelsOf?: (index: number) => Levels },
): Promise<PoolsResponse> {
  await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems(options.prefix, options.count, options.levelsOf)));
  expect(await confirmCandidates(api, trainer, credentialId)).toBe(options.count);
  await setPolicy(api, trainer, credentialId, options.policy);
  return drawPools(api, trainer, credentialId, options.seed ?? options.prefix);
}

/** The true levels and rationales of every confirmed item, by evidence text, as a trainer reads them. */
export async function truthByEvidence(api: ApiHarness, trainer: TestUser, credentialId: number, version = 1): Promise<Map<string, Truth>> {
  const truths = new Map<string, Truth>();
  for (const item of await candidates(api, trainer, credentialId, 'status=confirmed', version)) {
    truths.set(item.evidence.text!, {
      itemId: item.id,
      levels: Object.fromEntries(item.rows.map((row) => [row.key, row.trueLevel!])),
      rationales: Object.fromEntries(item.rows.map((row) => [row.key, row.rationale])),
    });
  }
  return truths;
}

/** Levels that miss every row: aim turned over, depth two or more levels away. */
export function wrongLevels(truth: Levels): Levels {
  return { aim: truth.aim === 'yes' ? 'no' : 'yes', depth: Number(truth.depth) <= 2 ? '4' : '1' };
}

export interface AttemptItem {
  assignmentId: number;
  position: number;
  status: 'pending' | 'scored';
  feedback: Array<{ key: string; trueLevel: string; rationale: string | null; answer: string | null; match: string }> | null;
}

export interface AttemptDetail {
  id: number;
  kind: string;
  label: string | null;
  status: string;
  items: number;
  scored: number;
  note: string | null;
  judgement: { passed: boolean; pooledRate: number; failures: string[]; rows: Array<{ key: string; exact: number; adjacent: number; nonAdjacent: number }> } | null;
  itemList: AttemptItem[];
}

/** Starts a set for the assessor; the response, checked against `status` (201 unless told). */
export async function startSet(api: ApiHarness, assessor: TestUser, credentialId: number, kind: 'practice' | 'qualifying' | 'calibration', status = 201) {
  return api.http().post(`/api/my/calibration/credentials/${credentialId}/attempts`).set(bearer(assessor.token)).send({ kind }).expect(status);
}

export async function attemptOf(api: ApiHarness, assessor: TestUser, attemptId: number): Promise<AttemptDetail> {
  return (await api.http().get(`/api/my/calibration/attempts/${attemptId}`).set(bearer(assessor.token)).expect(200)).body;
}

/** The evidence text of a set's item, as the assessor is served it. */
export async function evidenceOfItem(api: ApiHarness, assessor: TestUser, attemptItemId: number): Promise<string> {
  return (await api.http().get(`/api/my/calibration/items/${attemptItemId}`).set(bearer(assessor.token)).expect(200)).body.evidence.text;
}

/** The evidence texts of every item of a set, in the order served. */
export async function evidenceOfSet(api: ApiHarness, assessor: TestUser, attemptId: number): Promise<string[]> {
  const attempt = await attemptOf(api, assessor, attemptId);
  return Promise.all(attempt.itemList.map((item) => evidenceOfItem(api, assessor, item.assignmentId)));
}

/**
 * Scores the pending items of a set (all, or the first `limit`): `answer` gives the levels from
 * the item's true levels, looked up by the evidence served. The attempt afterwards.
 */
export async function answerSet(
  api: ApiHarness,
  assessor: TestUser,
  attemptId: number,
  truths: ReadonlyMap<string, Truth>,
  answer: (truth: Levels, position: number) => Levels,
  limit = Number.POSITIVE_INFINITY,
): Promise<AttemptDetail> {
  const attempt = await attemptOf(api, assessor, attemptId);
  let scored = 0;
  for (const item of attempt.itemList) {
    if (item.status !== 'pending' || scored >= limit) continue;
    const evidence = await evidenceOfItem(api, assessor, item.assignmentId);
    const truth = truths.get(evidence);
    if (!truth) throw new Error(`no confirmed item shows "${evidence}"`);
    await api
      .http()
      .post(`/api/my/calibration/items/${item.assignmentId}/score`)
      .set(bearer(assessor.token))
      .send({ levels: answer(truth.levels, item.position) })
      .expect(201);
    scored++;
  }
  return attemptOf(api, assessor, attemptId);
}

/** Starts the next qualifying set and answers every item (right or wrong); the judged attempt. */
export async function takeQualifyingSet(
  api: ApiHarness,
  assessor: TestUser,
  credentialId: number,
  truths: ReadonlyMap<string, Truth>,
  outcome: 'pass' | 'fail',
): Promise<AttemptDetail> {
  const started = await startSet(api, assessor, credentialId, 'qualifying');
  const judged = await answerSet(api, assessor, started.body.id, truths, outcome === 'pass' ? (truth) => ({ ...truth }) : wrongLevels);
  expect(judged.status).toBe(outcome === 'pass' ? 'passed' : 'failed');
  return judged;
}

/** An assessor's certification for a credential, as staff see it. */
export async function certificationOf(api: ApiHarness, staff: TestUser, credentialId: number, assessor: TestUser) {
  return (await api.http().get(`/api/credentials/${credentialId}/assessors/${assessor.id}/certification`).set(bearer(staff.token)).expect(200)).body;
}

/** Audit entries of one action (newest first), as a researcher or admin reads them. */
export async function auditOf(api: ApiHarness, reader: TestUser | string, action: string, extra = ''): Promise<Array<{ actorId: number | null; entityType: string; entityId: string; details: Record<string, unknown> }>> {
  const token = typeof reader === 'string' ? reader : reader.token;
  const response = await api.http().get(`/api/audit?pageSize=200&action=${encodeURIComponent(action)}${extra}`).set(bearer(token)).expect(200);
  return response.body.items;
}

/** A credential whose three readers are certified and watched, with live work in their queues (`monitoredQueues`). */
export interface MonitoredQueues {
  designer: TestUser;
  trainer: TestUser;
  researcher: TestUser;
  assessors: TestUser[];
  credentialId: number;
  /** every confirmed item's true levels, by the evidence text it shows */
  truths: Map<string, Truth>;
}

/**
 * Builds, through the API, what the monitoring suites start from: 160 expert-panel items drawn
 * into pools (anchors and practice, then qualifying : calibration : validity = 2 : 1 : 1), three
 * readers certified by override, certification required, and a 60-submission window whose
 * submissions (`${evidence} 1`, ...) put live work and validity items in their queues.
 */
export async function monitoredQueues(
  api: ApiHarness,
  options: { title: string; prefix: string; seed: number; evidence: string; readers: [string, string, string] },
): Promise<MonitoredQueues> {
  const designer = await api.createUser('Designer', ['designer']);
  const trainer = await api.createUser('Trainer', ['trainer']);
  const researcher = await api.createUser('Researcher', ['researcher']);
  const assessors: TestUser[] = [];
  for (const name of options.readers) assessors.push(await api.createUser(name, ['assessor']));
  const credentialId = await createCredential(api, designer, options.title);
  await panelMaterial(api, trainer, credentialId, { prefix: options.prefix, count: 160, policy: { minBorderline: 0 }, levelsOf: balancedLevels });
  const truths = await truthByEvidence(api, trainer, credentialId);
  for (const assessor of assessors) {
    await api
      .http()
      .post(`/api/credentials/${credentialId}/assessors/${assessor.id}/certification/override`)
      .set(bearer(trainer.token))
      .send({ status: 'qualified', reason: 'Certified by the panel before monitoring began.' })
      .expect(200);
  }
  await api.http().put(`/api/credentials/${credentialId}/certification-settings`).set(bearer(trainer.token)).send({ requiresCertification: true }).expect(200);
  await openWindow(api, designer, credentialId, { targetSubmissions: 60, readersPerSubmission: 2, seed: options.seed });
  for (let index = 1; index <= 60; index++) {
    await submitWork(api, trainer, credentialId, { earnerName: `Earner ${index}`, earnerOrganisation: 'Northwind College', evidenceText: `${options.evidence} ${index}` });
  }
  return { designer, trainer, researcher, assessors, credentialId, truths };
}
