/**
 * Monitoring profiles and validity feedback for the view tests, typed with the API's generated
 * types so a change to the API breaks them at compile time. The assessor (4, Bea Nwosu) drifts
 * lenient on the EWMA (first alarm at observation 2), is on watch for live agreement, and is
 * flagged lenient and inconsistent by the Rasch analysis.
 */
import type { AssessorProfileResponse, MyProfileResponse, ValidityFeedbackResponse } from '../lib/api/schema';

export function assessorProfile(overrides: Partial<AssessorProfileResponse> = {}): AssessorProfileResponse {
  return {
    credentialId: 1,
    assessorId: 4,
    name: 'Bea Nwosu',
    status: 'qualified',
    rubricVersion: 1,
    flags: ['drifting_lenient', 'watch'],
    findings: [
      {
        rule: 'R4',
        flag: 'watch',
        reason: 'R4: exact agreement with co-readers 65% over the last 20 double-scored rows is below 84%',
      },
      {
        rule: 'R3',
        flag: 'drifting_lenient',
        reason: 'R3: the EWMA of the signed deviation is 0.1270 at validity row 4 since the restart, above its upper limit 0.1218: scoring more leniently than the true levels',
      },
    ],
    validityItems: 12,
    unseenValidityItems: 14,
    poolWarning: 'only 14 unseen validity items left for this assessor (fewer than 20): add validity material',
    validityRows: [
      { key: 'scoring_tool', exact: { value: 0.75, n: 12, interval: [0.4677, 0.9111] }, adjacent: { value: 1, n: 12, interval: [0.7575, 1] } },
      { key: 'criteria', exact: { value: 0.9167, n: 12, interval: [0.6461, 0.9851] }, adjacent: { value: null, n: 0, interval: null } },
    ],
    window: { items: 10, full: true, decisions: 20, pooledRate: 0.85, limit: 0.75, nonAdjacentMisses: 0 },
    cusum: { h: 3, S: [0.51, 0.33, 0.84, 1.35, 1.17, 0.99], alarmIndex: null },
    ewma: {
      sigma0: 0.25,
      lambda: 0.1,
      L: 2.8143,
      z: [0.05, 0.095, 0.0855, 0.12695, 0.064255],
      ucl: [0.0703575, 0.09465633538919885, 0.11048815994482451, 0.12181281103202744, 0.13026607448136598],
      lcl: [-0.0703575, -0.09465633538919885, -0.11048815994482451, -0.12181281103202744, -0.13026607448136598],
      firstAlarmIndex: 2,
      firstAlarmSide: 'upper',
    },
    live: { rows: 20, full: true, rate: 0.65, required: 0.84 },
    rasch: {
      rows: ['scoring_tool'],
      severity: -0.9,
      se: 0.2,
      infit: 1.62,
      outfit: 1.71,
      fairAverage: 2.41,
      count: 64,
      flags: ['lenient', 'inconsistent'],
      ruler: [
        { label: 'Bea Nwosu', severity: -0.9, se: 0.2, self: true, expert: false },
        { label: 'Expert panel', severity: 0, se: 0.12, self: false, expert: true },
        { label: 'Alex Moreno', severity: 0.3, se: 0.25, self: false, expert: false },
      ],
      problem: null,
    },
    ...overrides,
  };
}

/** The same profile as the assessor sees it: no id, name or pool warning; the others unnamed. */
export function myProfile(overrides: Partial<MyProfileResponse> = {}): MyProfileResponse {
  const { assessorId: _assessorId, name: _name, poolWarning: _poolWarning, ...own } = assessorProfile();
  return {
    ...own,
    rasch: { ...own.rasch, ruler: own.rasch.ruler.map((entry) => (entry.self || entry.expert ? entry : { ...entry, label: 'Another assessor' })) },
    ...overrides,
  };
}

export function validityFeedback(assignmentId: number, overrides: Partial<ValidityFeedbackResponse> = {}): ValidityFeedbackResponse {
  return {
    assignmentId,
    credentialId: 1,
    credentialTitle: 'Performance Assessment Design',
    rubricVersion: 1,
    scoredAt: '2026-03-10T09:30:00.000Z',
    evidence: { text: `Unit plan ${assignmentId}: a task brief with a checklist of observable features.`, url: null },
    rows: [
      { key: 'scoring_tool', myLevel: '3', trueLevel: '2', rationale: 'Quality words without observable features.', matched: false },
      { key: 'criteria', myLevel: 'yes', trueLevel: 'yes', rationale: null, matched: true },
    ],
    ...overrides,
  };
}
