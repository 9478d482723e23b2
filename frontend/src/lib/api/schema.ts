// Generated from docs/openapi.json by frontend/scripts/generate-api-types.mjs. Do not edit:
// run `npm run openapi` after changing the API.

export interface AdjudicatedRowRequest {
  level: string;
  /** required when the reason is other */
  note?: string;
  /** required on a row the readers disagree on */
  reason?: "rubric_unclear" | "evidence_ambiguous" | "assessor_error" | "other";
}

export interface AdjudicationCaseResponse {
  adjudication: RecordedAdjudicationResponse | null;
  credentialTitle: string;
  disagreeingRowKeys: string[];
  evidence: EvidenceResponse;
  rubric: RubricRowResponse[];
  rubricVersion: number;
  scorings: ReaderScoringResponse[];
  submissionId: number;
}

export interface AdjudicationNoteResponse {
  note: string;
  reason: "rubric_unclear" | "evidence_ambiguous" | "assessor_error" | "other";
  sequence: number;
}

export interface AdjudicationQueueItemResponse {
  credentialId: number;
  credentialTitle: string;
  rubricVersion: number;
  /** position in the study */
  studySequence: number;
  submissionId: number;
}

export interface AdjudicationQueuePageResponse {
  items: AdjudicationQueueItemResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AdjudicationReasonsResponse {
  assessor_error: number;
  evidence_ambiguous: number;
  other: number;
  rubric_unclear: number;
}

export interface AssessorPairResponse {
  a: number;
  aName: string;
  agreement: number;
  b: number;
  bName: string;
  compared: number;
}

export interface AssessorRowResponse {
  assessorId: number;
  coReaderAgreement: number | null;
  coReaderPairs: number;
  finalAgreement: number | null;
  finalCompared: number;
  /** mean (own level - final level) in level steps; negative = harsh */
  meanSignedDifference: number | null;
  name: string;
  scored: number;
  severity: ("harsh" | "lenient" | "balanced") | null;
}

export interface AuditEntryResponse {
  action: string;
  /** null when the system acted on its own */
  actorId: number | null;
  at: string;
  details: Record<string, unknown>;
  entityId: string;
  entityType: string;
  id: number;
}

export interface AuditPageResponse {
  items: AuditEntryResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface BlindAssignmentResponse {
  assignmentId: number;
  credentialTitle: string;
  evidence: EvidenceResponse;
  myScore: OwnScoreResponse | null;
  rubric: RubricRowResponse[];
  rubricVersion: number;
  status: "pending" | "scored";
}

export interface ConfusionResponse {
  /** reader pairs split between the two levels */
  count: number;
  higher: string | number;
  lower: string | number;
  /** not adjudicated yet */
  pending: number;
  settledHigher: number;
  /** settled at the lower level by adjudication */
  settledLower: number;
  settledOther: number;
}

export interface CreateCredentialRequest {
  description?: string;
  title: string;
}

export interface CreateRubricVersionRequest {
  /** the version to revise (the latest). Without it the rows form the first version. With it, rows replace the rows with the same key or are appended, and every other row is carried over. */
  previousVersion?: number;
  /** keys of rows of the previous version to drop */
  removedRowKeys?: string[];
  rows: RubricRowInput[];
}

export interface CreateSubmissionRequest {
  earnerName: string;
  /** assessors with a declared conflict with it are never assigned */
  earnerOrganisation?: string;
  /** the evidence itself; evidenceText or evidenceUrl (or both) is required */
  evidenceText?: string;
  evidenceUrl?: string;
  /** the id of an earlier submission of this credential that this one resubmits: allowed once per submission, only once the earlier one has a final result, and not for a submission that is itself a resubmission */
  resubmissionOf?: number;
}

export interface CreateUserRequest {
  /** organisations the person declares a conflict of interest with */
  conflictOrganisations?: string[];
  email: string;
  name: string;
  password: string;
  roles: ("admin" | "researcher" | "designer" | "trainer" | "assessor" | "adjudicator")[];
}

export interface CredentialDetailResponse {
  createdAt: string;
  description: string;
  id: number;
  /** the newest rubric version, null before the first */
  latestVersion: number | null;
  title: string;
  versions: RubricVersionSummaryResponse[];
}

export interface CredentialPageResponse {
  items: CredentialResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface CredentialResponse {
  createdAt: string;
  description: string;
  id: number;
  /** the newest rubric version, null before the first */
  latestVersion: number | null;
  title: string;
}

export interface DecisionResponse {
  metrics: Record<string, EstimateResponse> | null;
  passRateByReader: PassRateResponse[];
  units: number;
}

export interface DeclareConflictsRequest {
  /** replaces every earlier declaration */
  organisations: string[];
}

export interface ErrorResponse {
  /** machine-readable reason */
  code?: string;
  error: string;
  /** every field at fault (400 and 422) */
  errors?: FieldIssueResponse[];
  message: string;
  statusCode: number;
}

export interface EstimateResponse {
  ci: number[] | null;
  /** why the value is null */
  reason?: string;
  se: number | null;
  /** SE under H0 (kappa = 0) */
  se_null?: number | null;
  value: number | null;
}

export interface EvidenceResponse {
  text: string | null;
  url: string | null;
}

export interface FieldIssueResponse {
  /** dotted path into the request body */
  field: string;
  message: string;
}

export interface FinalRowResponse {
  disagreed: boolean;
  level: string;
  note: string | null;
  reason: ("rubric_unclear" | "evidence_ambiguous" | "assessor_error" | "other") | null;
  rowKey: string;
}

export interface ImportProblemResponse {
  /** column at fault */
  field: string | null;
  /** line in the file (the header is line 1) */
  line: number | null;
  message: string;
}

export interface ImportResultResponse {
  /** true when the scores were stored (all of them) */
  applied: boolean;
  /** true when nothing was written */
  dryRun: boolean;
  /** the first problems found; nothing is written while there is one */
  problems: ImportProblemResponse[];
  /** lines with a level */
  ratings: number;
  /** complete scores (one assessor, every rubric row, one submission) */
  scores: number;
  /** new study submissions the file creates */
  submissions: number;
  /** more problems exist than are listed */
  truncated: boolean;
  /** the window's status after the import */
  windowStatus: "collecting" | "adjudicating" | "complete";
}

export interface LevelResponse {
  descriptor: string;
  label: string;
  value: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  expiresAt: string;
  /** send as `Authorization: Bearer <token>` */
  token: string;
  user: UserResponse;
}

export interface MatrixResponse {
  categories: (string | number)[];
  /** counts[i][j]: reader A at level i, reader B at level j */
  counts: number[][];
  kind: "confusion" | "coincidence";
  n: number;
  raters?: string[];
}

export interface MyAssignmentPageResponse {
  items: MyAssignmentResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface MyAssignmentResponse {
  assignedAt: string;
  assignmentId: number;
  credentialId: number;
  credentialTitle: string;
  rubricVersion: number;
  status: "pending" | "scored";
}

export interface OpenValidationWindowRequest {
  /** distinct assessors per study submission */
  readersPerSubmission?: number;
  /** fixes the random draw of assessors; drawn at random when left out */
  seed?: number;
  /** study submissions (the first N to arrive) */
  targetSubmissions?: number;
  /** agreement a row must reach to be validated */
  threshold?: number;
}

export interface OwnScoreResponse {
  comments: Record<string, string>;
  levels: Record<string, string>;
  submittedAt: string;
}

export interface PassRateResponse {
  n: number;
  passRate: number;
  reader: string;
}

export interface ReaderScoringResponse {
  comments: Record<string, string>;
  levels: Record<string, string>;
  /** readers are shown by slot, never by name */
  reader: string;
}

export interface RecordAdjudicationRequest {
  /** final levels keyed by row key: every disagreeing row is required; agreeing rows keep the agreed level when left out */
  rows: Record<string, AdjudicatedRowRequest>;
}

export interface RecordedAdjudicationResponse {
  recordedAt: string;
  rows: FinalRowResponse[];
}

export interface ReplaceRubricRowsRequest {
  rows: RubricRowInput[];
}

export interface ReportResponse {
  assessorPairs: AssessorPairResponse[];
  assessors: AssessorRowResponse[];
  /** when the report was computed (ISO 8601) */
  computedAt: string;
  credentialId: number;
  credentialTitle: string;
  /** agreement on the overall pass/fail decision */
  decision: DecisionResponse;
  previousVersion: number | null;
  rows: ReportRowResponse[];
  rubricVersion: number;
  summary: ReportSummaryResponse;
  window: ReportWindowResponse;
}

export interface ReportRowResponse {
  adjudication_notes: AdjudicationNoteResponse[];
  adjudication_reasons: AdjudicationReasonsResponse;
  /** copied unchanged from the previous version */
  carriedOver: boolean;
  categories: (string | number)[];
  /** study sequence at which the window reached its target */
  closed_at: number | null;
  comments: RowCommentResponse[];
  comparison: RowComparisonResponse | null;
  confusions: ConfusionResponse[];
  /** the rubric row key */
  criterion: string;
  descriptor: string;
  /** while the window collects */
  early_signal: ("likely_validated" | "likely_needs_revision" | "undetermined") | null;
  evidence: "conclusive" | "inconclusive";
  evidence_interval: number[] | null;
  levels: LevelResponse[];
  matrix: MatrixResponse;
  /** every measure defined on the row, named as in `concord analyze --json` */
  metrics: Record<string, EstimateResponse>;
  notes: string[];
  /** reader slots */
  raters: number;
  ratings: number;
  scale: "nominal" | "ordinal";
  title: string;
  trend: TrendPointResponse[];
  /** submissions with a score on this row */
  units: number;
  verdict: "validated" | "needs_revision";
}

export interface ReportSummaryResponse {
  inconclusive: number;
  needsRevision: number;
  validated: number;
}

export interface ReportWindowResponse {
  awaitingAdjudication: number;
  /** study submissions with all their scores */
  fullyScored: number;
  readersPerSubmission: number;
  seed: number;
  status: "collecting" | "adjudicating" | "complete";
  /** study submissions received */
  studySubmissions: number;
  targetSubmissions: number;
  threshold: number;
}

export interface RowCommentResponse {
  comment: string;
  level: string | number;
  /** reader slot: A, B, ... */
  reader: string;
  sequence: number;
}

export interface RowComparisonResponse {
  /** false when the row is new or was rewritten */
  carriedOver: boolean;
  /** agreement now minus agreement then */
  change: number | null;
  /** the row existed in the previous version (same key) */
  existed: boolean;
  previousAgreement: number | null;
  previousEvidence: ("conclusive" | "inconclusive") | null;
  previousVerdict: ("validated" | "needs_revision") | null;
  previousVersion: number;
}

export interface RubricLevelInput {
  descriptor?: string;
  label: string;
  /** what a score records; unique within the row */
  value: string;
}

export interface RubricLevelResponse {
  descriptor: string;
  label: string;
  value: string;
}

export interface RubricRowInput {
  descriptor?: string;
  /** letters, digits, - and _; unique within the version */
  key: string;
  /** in order, lowest first on an ordinal scale */
  levels: RubricLevelInput[];
  scale: "nominal" | "ordinal";
  title: string;
}

export interface RubricRowResponse {
  /** copied unchanged from the previous version */
  carriedOver: boolean;
  descriptor: string;
  key: string;
  levels: RubricLevelResponse[];
  scale: "nominal" | "ordinal";
  title: string;
}

export interface RubricVersionResponse {
  createdAt: string;
  credentialId: number;
  /** true once a validation window is open: the version can no longer change */
  locked: boolean;
  previousVersion: number | null;
  rows: RubricRowResponse[];
  validationStatus: ("collecting" | "adjudicating" | "complete") | null;
  version: number;
}

export interface RubricVersionSummaryResponse {
  createdAt: string;
  /** true once a validation window is open: the version can no longer change */
  locked: boolean;
  previousVersion: number | null;
  validationStatus: ("collecting" | "adjudicating" | "complete") | null;
  version: number;
}

export interface ScoreReceiptResponse {
  assignmentId: number;
  comments: Record<string, string>;
  levels: Record<string, string>;
  submittedAt: string;
}

export interface SubmissionPageResponse {
  items: SubmissionResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface SubmissionReceiptResponse {
  id: number;
  /** one of the first N submissions of a version under validation */
  inStudy: boolean;
  /** assessors assigned to it */
  readersAssigned: number;
  receivedAt: string;
  /** the submission this one resubmits */
  resubmissionOf: number | null;
  rubricVersion: number;
  /** arrival order within the credential */
  sequence: number;
  studySequence: number | null;
}

export interface SubmissionResponse {
  adjudicated: boolean;
  earnerName: string;
  earnerOrganisation: string | null;
  id: number;
  /** one of the first N submissions of a version under validation */
  inStudy: boolean;
  needsAdjudication: boolean;
  /** assessors assigned to it */
  readersAssigned: number;
  receivedAt: string;
  /** the submission this one resubmits */
  resubmissionOf: number | null;
  /** the resubmission of this submission, once there is one */
  resubmittedBy: number | null;
  rubricVersion: number;
  scoresReceived: number;
  /** arrival order within the credential */
  sequence: number;
  studySequence: number | null;
}

export interface SubmissionResultResponse {
  credentialId: number;
  /** pass when every row passes; null while pending */
  decision: ("pass" | "fail") | null;
  inStudy: boolean;
  /** the submission this one resubmits */
  resubmissionOf: number | null;
  /** the resubmission of this submission, once there is one */
  resubmittedBy: number | null;
  rows: SubmissionResultRowResponse[];
  rubricVersion: number;
  sequence: number;
  /** final once every row has a final level */
  status: "pending" | "final";
  submissionId: number;
}

export interface SubmissionResultRowResponse {
  /** what a pending row waits for */
  awaiting: ("scores" | "adjudication") | null;
  /** the final level; null while pending */
  level: string | null;
  levelLabel: string | null;
  /** the lowest passing level: the highest of a two-level row, the second highest otherwise */
  passLevel: string;
  /** null while pending */
  passed: boolean | null;
  rowKey: string;
  /** agreed: every reader gave this level; single_reader: the one reader outside a study; adjudicated: the adjudicator decided */
  source: ("agreed" | "single_reader" | "adjudicated") | null;
  title: string;
}

export interface SubmitScoreRequest {
  /** optional comments, keyed by row key */
  comments?: Record<string, string>;
  /** one level value for every row of the rubric, keyed by row key */
  levels: Record<string, string>;
}

export interface TrendPointResponse {
  /** share of agreeing reader pairs on this submission */
  agreement: number;
  cumulative: number;
  /** mean over the last 10 submissions */
  rolling: number;
  /** study sequence of the submission */
  sequence: number;
}

export interface UserPageResponse {
  items: UserResponse[];
  page: number;
  pageSize: number;
  total: number;
}

export interface UserResponse {
  conflictOrganisations: string[];
  createdAt: string;
  email: string;
  id: number;
  name: string;
  roles: ("admin" | "researcher" | "designer" | "trainer" | "assessor" | "adjudicator")[];
}

export interface ValidationWindowResponse {
  adjudicatingAt: string | null;
  completedAt: string | null;
  credentialId: number;
  id: number;
  openedAt: string;
  progress: WindowProgressResponse;
  readersPerSubmission: number;
  rubricVersion: number;
  seed: number;
  status: "collecting" | "adjudicating" | "complete";
  targetSubmissions: number;
  threshold: number;
}

export interface WindowProgressResponse {
  adjudicatedSubmissions: number;
  awaitingAdjudication: number;
  disagreeingSubmissions: number;
  fullyScoredSubmissions: number;
  scoresExpected: number;
  scoresReceived: number;
  /** study submissions received so far */
  studySubmissions: number;
  targetSubmissions: number;
}

/** The success response of every operation, by "METHOD /path" (paths as the API writes them). */
export interface ApiResponses {
  'GET /api/adjudications': AdjudicationQueuePageResponse;
  'GET /api/adjudications/{submissionId}': AdjudicationCaseResponse;
  'POST /api/adjudications/{submissionId}': RecordedAdjudicationResponse;
  'GET /api/assignments/{id}': BlindAssignmentResponse;
  'POST /api/assignments/{id}/score': ScoreReceiptResponse;
  'GET /api/audit': AuditPageResponse;
  'POST /api/auth/login': LoginResponse;
  'POST /api/auth/logout': void;
  'GET /api/credentials': CredentialPageResponse;
  'POST /api/credentials': CredentialResponse;
  'GET /api/credentials/{id}': CredentialDetailResponse;
  'GET /api/credentials/{id}/rubric-versions': RubricVersionSummaryResponse[];
  'POST /api/credentials/{id}/rubric-versions': RubricVersionResponse;
  'GET /api/credentials/{id}/rubric-versions/{v}': RubricVersionResponse;
  'PUT /api/credentials/{id}/rubric-versions/{v}': RubricVersionResponse;
  'GET /api/credentials/{id}/rubric-versions/{v}/report': ReportResponse;
  'POST /api/credentials/{id}/rubric-versions/{v}/scores/import': ImportResultResponse;
  'GET /api/credentials/{id}/rubric-versions/{v}/validation': ValidationWindowResponse;
  'POST /api/credentials/{id}/rubric-versions/{v}/validation': ValidationWindowResponse;
  'GET /api/credentials/{id}/submissions': SubmissionPageResponse;
  'POST /api/credentials/{id}/submissions': SubmissionReceiptResponse;
  'GET /api/credentials/{id}/submissions/{submissionId}/result': SubmissionResultResponse;
  'GET /api/my/assignments': MyAssignmentPageResponse;
  'GET /api/users': UserPageResponse;
  'POST /api/users': UserResponse;
  'GET /api/users/me': UserResponse;
  'PUT /api/users/me/conflicts': UserResponse;
}
