/**
 * Reports, rubric versions and a fetch stand-in for the report and comparison view tests, typed
 * with the API's generated types so a change to the API breaks them at compile time.
 */
import { vi } from 'vitest';
import { session } from '../lib/session.svelte';
import { recordedCall } from './fake-api.test-support';
import type { EstimateResponse, ReportResponse, ReportRowResponse, RubricRowResponse, RubricVersionResponse } from '../lib/api/schema';

const estimate = (value: number | null, ci: [number, number] | null = null): EstimateResponse => ({
  value,
  se: null,
  ci,
  interval: ci ? { lo: ci[0], hi: ci[1], method: 'wilson' } : null,
});

const fourLevels = [
  { value: '1', label: 'Beginning', descriptor: 'No scoring tool.' },
  { value: '2', label: 'Developing', descriptor: 'A scoring tool exists but its levels are vague.' },
  { value: '3', label: 'Proficient', descriptor: 'Distinct, mostly observable levels.' },
  { value: '4', label: 'Exemplary', descriptor: 'Observable levels with anchor examples.' },
];

const twoLevels = [
  { value: 'not_evident', label: 'Not evident', descriptor: 'No evidence the criteria were shared.' },
  { value: 'evident', label: 'Evident', descriptor: 'Evidence the criteria were shared before the task.' },
];

function row(overrides: Partial<ReportRowResponse> & Pick<ReportRowResponse, 'criterion' | 'title'>): ReportRowResponse {
  return {
    descriptor: `${overrides.title} as the rubric words it.`,
    levels: fourLevels,
    carriedOver: false,
    scale: 'ordinal',
    categories: [1, 2, 3, 4],
    units: 50,
    raters: 2,
    ratings: 100,
    metrics: {},
    decision: 'validated',
    verdict: 'validated',
    evidence: 'conclusive',
    evidence_interval: null,
    evidence_method: 'clopper_pearson',
    more_submissions: null,
    notes: [],
    matrix: { kind: 'confusion', categories: [1, 2, 3, 4], counts: [[4, 0, 0, 0], [0, 10, 0, 0], [0, 0, 20, 0], [0, 0, 0, 16]], n: 50, raters: ['reader A', 'reader B'] },
    early_signal: null,
    trend: [],
    closed_at: 50,
    confusions: [],
    adjudication_reasons: { rubric_unclear: 0, evidence_ambiguous: 0, assessor_error: 0, other: 0 },
    adjudication_notes: [],
    comments: [],
    comparison: null,
    ...overrides,
  };
}

/** Three rows: one meeting the rule but not demonstrated, one needing revision (rich detail), one validated with the kappa paradox. */
export function reportFixture(overrides: Partial<ReportResponse> = {}): ReportResponse {
  return {
    credentialId: 1,
    credentialTitle: 'Performance Assessment Design',
    rubricVersion: 1,
    previousVersion: null,
    computedAt: '2026-01-10T10:00:00.000Z',
    window: { status: 'complete', targetSubmissions: 50, readersPerSubmission: 2, threshold: 0.8, minimumPaired: 20, seed: 7, studySubmissions: 50, fullyScored: 50, awaitingAdjudication: 0, readersCertified: true },
    summary: { rows: 3, validated: 1, meetsRuleNotDemonstrated: 1, needsRevision: 1, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 },
    rows: [
      row({
        criterion: 'learning_targets',
        title: 'Alignment to learning targets',
        metrics: {
          percent_agreement: estimate(0.86),
          cohen_kappa: estimate(0.8),
          fleiss_kappa: estimate(0.79),
          krippendorff_alpha_nominal: estimate(0.81),
          krippendorff_alpha_ordinal: estimate(0.93),
          gwet_ac1: estimate(0.82),
        },
        decision: 'meets_rule_not_demonstrated',
        evidence: 'inconclusive',
        evidence_interval: [0.74, 0.93],
        more_submissions: { towards: 'validated', more: 272, probability: 0.83, power: 0.8 },
        notes: ['The interval straddles the 80% threshold: agreement meets the rule, but the data do not yet demonstrate it.'],
      }),
      row({
        criterion: 'scoring_tool',
        title: 'Quality of the scoring tool',
        metrics: {
          percent_agreement: estimate(0.64),
          cohen_kappa: estimate(0.51, [0.3, 0.7]),
          fleiss_kappa: estimate(0.5),
          krippendorff_alpha_nominal: estimate(0.52),
          krippendorff_alpha_ordinal: estimate(0.81),
          gwet_ac1: estimate(0.52),
        },
        decision: 'needs_revision',
        verdict: 'needs_revision',
        evidence_interval: [0.5, 0.76],
        notes: ['Most disagreements sit between "2" (Developing) and "3" (Proficient).'],
        matrix: { kind: 'confusion', categories: [1, 2, 3, 4], counts: [[8, 0, 0, 0], [0, 8, 9, 0], [0, 4, 6, 3], [0, 0, 2, 10]], n: 50, raters: ['reader A', 'reader B'] },
        trend: Array.from({ length: 12 }, (_, i) => ({ sequence: i + 1, agreement: i % 3 === 0 ? 0 : 1, cumulative: 0.6 + i * 0.005, rolling: 0.62 })),
        closed_at: 12,
        confusions: [
          { lower: 2, higher: 3, count: 13, settledLower: 13, settledHigher: 0, settledOther: 0, pending: 0 },
          { lower: 3, higher: 4, count: 5, settledLower: 2, settledHigher: 3, settledOther: 0, pending: 0 },
        ],
        adjudication_reasons: { rubric_unclear: 13, evidence_ambiguous: 2, assessor_error: 3, other: 0 },
        adjudication_notes: [{ sequence: 1, reason: 'rubric_unclear', note: "Descriptors for 'Developing' and 'Proficient' overlap." }],
        comments: [{ sequence: 1, reader: 'B', level: 3, comment: 'Levels 2 and 3 both say the tool is clear.' }],
      }),
      row({
        criterion: 'success_criteria',
        title: 'Success criteria shared with students',
        scale: 'nominal',
        levels: twoLevels,
        categories: ['not_evident', 'evident'],
        matrix: { kind: 'confusion', categories: ['not_evident', 'evident'], counts: [[0, 2], [2, 46]], n: 50, raters: ['reader A', 'reader B'] },
        metrics: {
          percent_agreement: estimate(0.92),
          cohen_kappa: estimate(-0.04),
          fleiss_kappa: estimate(-0.04),
          krippendorff_alpha_nominal: estimate(-0.03),
          gwet_ac1: estimate(0.91),
        },
        evidence_interval: [0.81, 0.97],
        notes: ["Agreement is 92% but Cohen's kappa is only -0.04. This is the kappa paradox."],
      }),
    ],
    decision: {
      metrics: { percent_agreement: estimate(0.88, [0.79, 0.97]), cohen_kappa: estimate(0.18) },
      units: 50,
      passRateByReader: [
        { reader: 'reader A', passRate: 0.08, n: 50 },
        { reader: 'reader B', passRate: 0.08, n: 50 },
      ],
    },
    assessors: [],
    assessorPairs: [],
    ...overrides,
  };
}

/** The rubric version behind a report: its rows as the rubric API returns them. */
export function versionFixture(version: number, previousVersion: number | null, rows: RubricRowResponse[]): RubricVersionResponse {
  return { version, previousVersion, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete', credentialId: 1, rows };
}

export function rubricRowsOf(report: ReportResponse, carriedOver = false): RubricRowResponse[] {
  return report.rows.map((r) => ({ key: r.criterion, title: r.title, descriptor: r.descriptor, scale: r.scale, carriedOver, levels: r.levels.map((l) => ({ ...l })) }));
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown; text?: string; type?: string };

/**
 * A fetch stand-in answering by "METHOD /api/path?query" (exact) or "METHOD /api/path"; records
 * every call; a call nobody expected answers 599 so the test sees it.
 */
export function stubFetch(routes: Record<string, Reply | ((call: Call) => Reply)>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const { method, url, path, headers, body } = await recordedCall(input, init);
    const call: Call = { method, url, headers, body };
    calls.push(call);
    const answer = routes[`${method} ${url}`] ?? routes[`${method} ${path}`];
    if (!answer) return new Response(JSON.stringify({ statusCode: 599, error: 'Unexpected', message: `unexpected call ${method} ${url}` }), { status: 599 });
    const reply = typeof answer === 'function' ? answer(call) : answer;
    if (reply.text !== undefined) return new Response(reply.text, { status: reply.status, headers: { 'Content-Type': reply.type ?? 'text/plain' } });
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, calls };
}

export function signInAs(roles: string[]): void {
  sessionStorage.setItem('concord.token', 'tok-test');
  sessionStorage.setItem('concord.user', JSON.stringify({ id: 3, name: 'Dee Signer', email: 'dee@example.org', roles }));
  session.restore();
}
