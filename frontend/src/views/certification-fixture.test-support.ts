/**
 * Calibration material, pools, certifications and sets for the certification view tests, typed
 * with the API's generated types so a change to the API breaks them at compile time.
 */
import type {
  AssessorCertificationListResponse,
  AttemptDetailResponse,
  AttemptSummaryResponse,
  BlindAssignmentResponse,
  CalibrationItemResponse,
  CertificationDetailResponse,
  CertificationSettingsResponse,
  JudgementResponse,
  MyCredentialCalibrationResponse,
  PoolsResponse,
  RubricRowResponse,
  RubricVersionResponse,
  RubricVersionSummaryResponse,
} from '../lib/api/schema';
import { session } from '../lib/session.svelte';
import { signIn } from './fake-api.test-support';

/** Signs a person in (id 9) as the app does, so views that read the session see their roles. */
export function signInAs(roles: string[]): void {
  signIn(roles);
  session.restore();
}

/** Two rows: a 3-level ordinal row and a 2-level nominal one. */
export const rubricRows: RubricRowResponse[] = [
  {
    key: 'scoring_tool',
    title: 'Quality of the scoring tool',
    descriptor: 'Two scorers reach the same level with it.',
    scale: 'ordinal',
    carriedOver: false,
    levels: [
      { value: '1', label: 'Beginning', descriptor: 'No scoring tool.' },
      { value: '2', label: 'Developing', descriptor: 'Quality words only.' },
      { value: '3', label: 'Proficient', descriptor: 'Observable features.' },
    ],
  },
  {
    key: 'criteria',
    title: 'Success criteria shared',
    descriptor: 'Students see the criteria first.',
    scale: 'nominal',
    carriedOver: true,
    levels: [
      { value: 'no', label: 'Not evident', descriptor: 'No evidence.' },
      { value: 'yes', label: 'Evident', descriptor: 'A handout or slide.' },
    ],
  },
];

export const rubricVersion: RubricVersionResponse = {
  credentialId: 1,
  version: 1,
  previousVersion: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  locked: true,
  validationStatus: 'complete',
  rows: rubricRows,
};

export const versionSummaries: RubricVersionSummaryResponse[] = [
  { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
  { version: 2, previousVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', locked: true, validationStatus: 'collecting' },
];

export const credentialPage = {
  items: [{ id: 1, title: 'Performance Assessment Design', description: '', createdAt: '', latestVersion: 2 }],
  total: 1,
  page: 1,
  pageSize: 200,
};

export function item(overrides: Partial<CalibrationItemResponse> = {}): CalibrationItemResponse {
  return {
    id: 40,
    rubricVersion: 1,
    provenance: 'adjudicated',
    status: 'candidate',
    borderline: true,
    pool: null,
    externalRef: null,
    evidence: { text: 'Unit portfolio: task brief, a checklist and three samples.', url: null },
    rows: [
      { key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: null, trueLevel: null, rationale: null },
      { key: 'criteria', finalLevel: 'yes', disagreed: false, confirmedLevel: null, trueLevel: null, rationale: null },
    ],
    confirmedBy: null,
    confirmedAt: null,
    settledBy: null,
    settledAt: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    callerTookPart: false,
    ...overrides,
  };
}

export function pools(overrides: Partial<PoolsResponse> = {}): PoolsResponse {
  const rows = (counts: [number, number, number, number, number]) => [
    { key: 'scoring_tool', levels: [{ level: '1', count: counts[0] }, { level: '2', count: counts[1] }, { level: '3', count: counts[2] }] },
    { key: 'criteria', levels: [{ level: 'no', count: counts[3] }, { level: 'yes', count: counts[4] }] },
  ];
  return {
    rubricVersion: 1,
    material: { candidate: 3, ambiguous: 1, confirmed: 30, unpooled: 4 },
    pools: [
      { pool: 'anchor', items: 6, borderline: 0, rows: rows([2, 2, 2, 3, 3]), missing: [] },
      { pool: 'practice', items: 5, borderline: 1, rows: rows([1, 2, 2, 2, 3]), missing: [] },
      { pool: 'qualifying', items: 9, borderline: 3, rows: rows([0, 5, 4, 4, 5]), missing: [{ rowKey: 'scoring_tool', level: '1' }] },
      { pool: 'calibration', items: 3, borderline: 1, rows: rows([1, 1, 1, 1, 2]), missing: [] },
      { pool: 'validity', items: 3, borderline: 0, rows: rows([1, 1, 1, 2, 1]), missing: [] },
    ],
    ...overrides,
  };
}

export function settings(overrides: Partial<CertificationSettingsResponse> = {}): CertificationSettingsResponse {
  return {
    credentialId: 1,
    requiresCertification: false,
    qualifyingMaterial: true,
    policy: {
      exactThresholds: { two: 0.9, three: 0.8, fourOrMore: 0.7 },
      rowFloorMargin: 0.2,
      maxNonAdjacentMisses: 1,
      setSize: 10,
      practiceSize: 5,
      anchorsPerLevel: 2,
      minBorderline: 2,
      certificationMonths: 12,
      poolShares: { qualifying: 2, calibration: 1, validity: 1 },
    },
    ...overrides,
  };
}

export const assessorList: AssessorCertificationListResponse = {
  credentialId: 1,
  requiresCertification: true,
  latestVersion: 2,
  items: [
    {
      assessorId: 3,
      name: 'Alex Moreno',
      status: 'qualified',
      certifiedVersion: 1,
      certifiedAt: '2026-02-01T00:00:00.000Z',
      expiresAt: '2027-02-01T00:00:00.000Z',
      nextAction: 'certified until 2027-02-01',
      eligible: true,
      eligibilityReason: 'certified',
      attempts: 1,
    },
    {
      assessorId: 4,
      name: 'Bea Nwosu',
      status: 'not_qualified',
      certifiedVersion: null,
      certifiedAt: null,
      expiresAt: null,
      nextAction: 'assign remediation (the practice set and a note), or certify on probation',
      eligible: false,
      eligibilityReason: 'not certified: not qualified',
      attempts: 2,
    },
  ],
};

/** Five 3-level decisions per row on ten items: failed on the pooled rate and the scoring-tool floor. */
export const failedJudgement: JudgementResponse = {
  passed: false,
  decisions: 20,
  exact: 13,
  pooledRate: 0.65,
  pooledRequired: 0.85,
  failures: ['pooled exact agreement 65% is below the required 85%', 'row scoring_tool: exact agreement 50% is below its floor of 60%'],
  rows: [
    {
      key: 'scoring_tool',
      levelValues: ['1', '2', '3'],
      threshold: 0.8,
      floor: 0.6,
      decisions: 10,
      exact: 5,
      adjacent: 4,
      nonAdjacent: 1,
      exactRate: 0.5,
      meetsFloor: false,
      withinNonAdjacent: true,
      confusion: [
        [2, 1, 0],
        [1, 2, 1],
        [1, 1, 1],
      ],
    },
    {
      key: 'criteria',
      levelValues: ['no', 'yes'],
      threshold: 0.9,
      floor: 0.7,
      decisions: 10,
      exact: 8,
      adjacent: 0,
      nonAdjacent: 2,
      exactRate: 0.8,
      meetsFloor: true,
      withinNonAdjacent: true,
      confusion: [
        [4, 1],
        [1, 4],
      ],
    },
  ],
};

export function attemptSummary(overrides: Partial<AttemptSummaryResponse> = {}): AttemptSummaryResponse {
  return {
    id: 11,
    credentialId: 1,
    rubricVersion: 1,
    kind: 'qualifying',
    label: 'A',
    status: 'failed',
    judgedRows: ['scoring_tool', 'criteria'],
    items: 10,
    scored: 10,
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T10:00:00.000Z',
    note: null,
    judgement: failedJudgement,
    ...overrides,
  };
}

export function certificationDetail(overrides: Partial<CertificationDetailResponse> = {}): CertificationDetailResponse {
  return {
    ...assessorList.items[1]!,
    credentialId: 1,
    round: 1,
    failedInRound: 2,
    remediationAssigned: false,
    remediationNote: null,
    attemptList: [attemptSummary(), attemptSummary({ id: 12, label: 'B', startedAt: '2026-03-02T09:00:00.000Z', finishedAt: '2026-03-02T10:00:00.000Z' })],
    timeline: [
      { at: '2026-03-01T09:00:00.000Z', from: 'in_training', to: 'qualifying', action: 'qualifying_started', reason: null, actor: { id: 4, name: 'Bea Nwosu' }, attemptId: 11 },
      { at: '2026-03-01T10:00:00.000Z', from: 'qualifying', to: 'qualifying', action: 'set_A_failed', reason: 'pooled exact agreement 65% is below the required 85%; row scoring_tool: exact agreement 50% is below its floor of 60%', actor: null, attemptId: 11 },
      { at: '2026-03-02T10:00:00.000Z', from: 'qualifying', to: 'not_qualified', action: 'set_B_failed', reason: 'pooled exact agreement 60% is below the required 85%', actor: null, attemptId: 12 },
    ],
    ...overrides,
  };
}

export function attemptDetail(overrides: Partial<AttemptDetailResponse> = {}): AttemptDetailResponse {
  return {
    ...attemptSummary(),
    credentialTitle: 'Performance Assessment Design',
    itemList: [
      {
        assignmentId: 101,
        position: 1,
        status: 'scored',
        feedback: [
          { key: 'scoring_tool', trueLevel: '2', rationale: 'Quality words without observable features.', answer: '3', match: 'adjacent' },
          { key: 'criteria', trueLevel: 'yes', rationale: 'The criteria slide opens the unit.', answer: 'yes', match: 'exact' },
        ],
      },
      {
        assignmentId: 102,
        position: 2,
        status: 'scored',
        feedback: [
          { key: 'scoring_tool', trueLevel: '1', rationale: 'No tool at all.', answer: '3', match: 'non_adjacent' },
          { key: 'criteria', trueLevel: 'no', rationale: null, answer: 'no', match: 'exact' },
        ],
      },
    ],
    ...overrides,
  };
}

export function blindItem(assignmentId: number, overrides: Partial<BlindAssignmentResponse> = {}): BlindAssignmentResponse {
  return {
    assignmentId,
    status: 'pending',
    credentialTitle: 'Performance Assessment Design',
    rubricVersion: 1,
    evidence: { text: `Evidence of calibration item ${assignmentId}.`, url: null },
    myScore: null,
    rubric: rubricRows,
    ...overrides,
  };
}

export function myCredential(overrides: Partial<MyCredentialCalibrationResponse> = {}): MyCredentialCalibrationResponse {
  return {
    credentialId: 1,
    credentialTitle: 'Performance Assessment Design',
    rubricVersion: 1,
    requiresCertification: true,
    status: 'in_training',
    nextAction: 'study the anchors and practice, then take qualifying set A',
    expiresAt: null,
    remediationNote: null,
    mayStart: ['practice', 'qualifying'],
    calibrationRows: [],
    attempts: [],
    ...overrides,
  };
}
