/**
 * The dashboard's URLs, as pure data: which path is which view, who may see it, and the links each
 * role gets in the header. Paths are real (history API), so every view is deep-linkable and the
 * server answers any non-/api path with index.html.
 */

export type Role = 'admin' | 'researcher' | 'designer' | 'trainer' | 'assessor' | 'adjudicator';

export type Route =
  | { name: 'credentials' }
  | { name: 'report'; credentialId: number; version: number }
  | { name: 'compare'; credentialId: number }
  | { name: 'firstRubric'; credentialId: number }
  | { name: 'assessors' }
  | { name: 'myAssignments' }
  | { name: 'assignment'; assignmentId: number }
  | { name: 'adjudications' }
  | { name: 'adjudication'; submissionId: number }
  | { name: 'import' }
  | { name: 'certification' }
  | { name: 'assessorCertification'; credentialId: number; assessorId: number }
  | { name: 'assessorAttempt'; credentialId: number; assessorId: number; attemptId: number }
  | { name: 'material' }
  | { name: 'materialItem'; credentialId: number; version: number; itemId: number }
  | { name: 'pools' }
  | { name: 'myCalibration' }
  | { name: 'calibrationAttempt'; attemptId: number }
  | { name: 'anchors'; credentialId: number }
  | { name: 'liveFeedback' }
  | { name: 'myProfile'; credentialId: number }
  | { name: 'validityFeedback' }
  | { name: 'admin' }
  | { name: 'adminUsers' }
  | { name: 'adminUser'; userId: number }
  | { name: 'adminCredentials' }
  | { name: 'adminWindows' }
  | { name: 'adminConflicts' }
  | { name: 'audit' }
  | { name: 'myPassword' }
  | { name: 'signIn' }
  | { name: 'notFound'; path: string };

export type RouteName = Route['name'];

interface Pattern {
  name: Exclude<RouteName, 'notFound'>;
  /** Segments; `:name` captures a positive whole number. */
  segments: string[];
}

const patterns: Pattern[] = [
  { name: 'credentials', segments: [] },
  { name: 'credentials', segments: ['credentials'] },
  { name: 'report', segments: ['credentials', ':credentialId', 'versions', ':version', 'report'] },
  { name: 'compare', segments: ['credentials', ':credentialId', 'compare'] },
  { name: 'firstRubric', segments: ['credentials', ':credentialId', 'rubric'] },
  { name: 'assessors', segments: ['assessors'] },
  { name: 'myAssignments', segments: ['my', 'assignments'] },
  { name: 'assignment', segments: ['assignments', ':assignmentId'] },
  { name: 'adjudications', segments: ['adjudications'] },
  { name: 'adjudication', segments: ['adjudications', ':submissionId'] },
  { name: 'import', segments: ['import'] },
  { name: 'certification', segments: ['certification'] },
  { name: 'assessorCertification', segments: ['credentials', ':credentialId', 'assessors', ':assessorId'] },
  { name: 'assessorAttempt', segments: ['credentials', ':credentialId', 'assessors', ':assessorId', 'attempts', ':attemptId'] },
  { name: 'material', segments: ['material'] },
  { name: 'materialItem', segments: ['credentials', ':credentialId', 'versions', ':version', 'material', ':itemId'] },
  { name: 'pools', segments: ['pools'] },
  { name: 'myCalibration', segments: ['my', 'calibration'] },
  { name: 'calibrationAttempt', segments: ['my', 'calibration', 'attempts', ':attemptId'] },
  { name: 'anchors', segments: ['my', 'calibration', 'credentials', ':credentialId', 'anchors'] },
  { name: 'liveFeedback', segments: ['my', 'feedback'] },
  { name: 'myProfile', segments: ['my', 'calibration', 'credentials', ':credentialId', 'profile'] },
  { name: 'validityFeedback', segments: ['my', 'validity-feedback'] },
  { name: 'admin', segments: ['admin'] },
  { name: 'adminUsers', segments: ['admin', 'users'] },
  { name: 'adminUser', segments: ['admin', 'users', ':userId'] },
  { name: 'adminCredentials', segments: ['admin', 'credentials'] },
  { name: 'adminWindows', segments: ['admin', 'windows'] },
  { name: 'adminConflicts', segments: ['admin', 'conflicts'] },
  { name: 'audit', segments: ['audit'] },
  { name: 'myPassword', segments: ['my', 'password'] },
  { name: 'signIn', segments: ['sign-in'] },
];

const wholeNumber = /^[1-9][0-9]{0,14}$/;

/** `/credentials/1/versions/2/report` -> `{ name: 'report', credentialId: 1, version: 2 }`. */
export function matchRoute(pathname: string): Route {
  const clean = pathname.split(/[?#]/)[0] ?? '';
  const parts = clean.split('/').filter((part) => part !== '');
  for (const pattern of patterns) {
    if (pattern.segments.length !== parts.length) continue;
    const params: Record<string, number> = {};
    let matches = true;
    pattern.segments.forEach((segment, index) => {
      const part = parts[index] ?? '';
      if (segment.startsWith(':')) {
        if (wholeNumber.test(part)) params[segment.slice(1)] = Number(part);
        else matches = false;
      } else if (segment !== part) matches = false;
    });
    if (matches) return { name: pattern.name, ...params } as Route;
  }
  return { name: 'notFound', path: clean || '/' };
}

function withSelection(path: string, credentialId?: number, version?: number): string {
  if (credentialId === undefined) return path;
  return version === undefined ? `${path}?credential=${credentialId}` : `${path}?credential=${credentialId}&version=${version}`;
}

/** Builders for every path, so links never hand-assemble strings. */
export const paths = {
  credentials: () => '/',
  report: (credentialId: number, version: number) => `/credentials/${credentialId}/versions/${version}/report`,
  compare: (credentialId: number) => `/credentials/${credentialId}/compare`,
  /** The draft of the next version focused on one row, with the evidence of a version's study beside it. */
  revise: (credentialId: number, rowKey: string, evidenceVersion?: number) =>
    `/credentials/${credentialId}/compare?revise=${encodeURIComponent(rowKey)}${evidenceVersion === undefined ? '' : `&evidence=${evidenceVersion}`}`,
  /** Publishing a credential's first rubric: rows typed in or a rubric file imported. */
  firstRubric: (credentialId: number) => `/credentials/${credentialId}/rubric`,
  assessors: () => '/assessors',
  myAssignments: () => '/my/assignments',
  assignment: (assignmentId: number) => `/assignments/${assignmentId}`,
  adjudications: () => '/adjudications',
  adjudication: (submissionId: number) => `/adjudications/${submissionId}`,
  import: () => '/import',
  /** The assessors of a credential with their certification (`?credential=`). */
  certification: (credentialId?: number) => (credentialId === undefined ? '/certification' : `/certification?credential=${credentialId}`),
  assessorCertification: (credentialId: number, assessorId: number) => `/credentials/${credentialId}/assessors/${assessorId}`,
  /** The same page on its Monitoring tab: the assessor's profile. */
  assessorMonitoring: (credentialId: number, assessorId: number) => `/credentials/${credentialId}/assessors/${assessorId}?tab=monitoring`,
  assessorAttempt: (credentialId: number, assessorId: number, attemptId: number) => `/credentials/${credentialId}/assessors/${assessorId}/attempts/${attemptId}`,
  /** The calibration material of a rubric version (`?credential=&version=`). */
  material: (credentialId?: number, version?: number) => withSelection('/material', credentialId, version),
  materialItem: (credentialId: number, version: number, itemId: number) => `/credentials/${credentialId}/versions/${version}/material/${itemId}`,
  /** The pools of a rubric version with their coverage (`?credential=&version=`). */
  pools: (credentialId?: number, version?: number) => withSelection('/pools', credentialId, version),
  myCalibration: () => '/my/calibration',
  calibrationAttempt: (attemptId: number) => `/my/calibration/attempts/${attemptId}`,
  anchors: (credentialId: number) => `/my/calibration/credentials/${credentialId}/anchors`,
  liveFeedback: () => '/my/feedback',
  /** The assessor's own monitoring profile for one credential. */
  myProfile: (credentialId: number) => `/my/calibration/credentials/${credentialId}/profile`,
  validityFeedback: () => '/my/validity-feedback',
  /** The admin area: its screens, one link each. */
  admin: () => '/admin',
  /** The users, narrowed by a text in the name or email and by a role (`?search=&role=&page=`). */
  adminUsers: (filters: { search?: string; role?: Role } = {}) => {
    const query = new URLSearchParams();
    if (filters.search) query.set('search', filters.search);
    if (filters.role) query.set('role', filters.role);
    const text = query.toString();
    return text ? `/admin/users?${text}` : '/admin/users';
  },
  /** One account: its state, roles, temporary password and recorded conflicts. */
  adminUser: (userId: number) => `/admin/users/${userId}`,
  adminCredentials: () => '/admin/credentials',
  adminWindows: () => '/admin/windows',
  adminConflicts: () => '/admin/conflicts',
  /** The audit log; filters and page in the query (`?actor=&action=&entity=&from=&to=&page=`). */
  audit: () => '/audit',
  /** Every signed-in person's own password (the only screen open while a temporary password is unchanged). */
  myPassword: () => '/my/password',
  signIn: (next?: string) => (next && next !== '/sign-in' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'),
} as const;

/**
 * What the API lets each role do, mirrored from its role guards (`@Roles(...)` on the controllers,
 * `x-roles` in docs/openapi.json) in this one place: the views offer a screen or a button only to
 * the roles the API will answer. `test/dashboard-access.test.ts` checks every entry against
 * docs/openapi.json, so a guard that changes without this table fails a test.
 */
export const apiAccess = {
  readsReports: { operation: 'GET /api/credentials/{id}/rubric-versions/{v}/report', roles: ['researcher', 'designer', 'trainer', 'admin'] },
  readsCertification: { operation: 'GET /api/credentials/{id}/assessors', roles: ['trainer', 'researcher', 'admin'] },
  importsScores: { operation: 'POST /api/credentials/{id}/rubric-versions/{v}/scores/import', roles: ['researcher', 'admin'] },
  scores: { operation: 'GET /api/my/assignments', roles: ['assessor'] },
  takesSets: { operation: 'GET /api/my/calibration', roles: ['assessor'] },
  adjudicates: { operation: 'GET /api/adjudications', roles: ['adjudicator'] },
  createsCredentials: { operation: 'POST /api/credentials', roles: ['researcher', 'designer', 'admin'] },
  publishesRubrics: { operation: 'POST /api/credentials/{id}/rubric-versions', roles: ['researcher', 'designer', 'admin'] },
  opensWindows: { operation: 'POST /api/credentials/{id}/rubric-versions/{v}/validation', roles: ['researcher', 'designer', 'admin'] },
  readsAudit: { operation: 'GET /api/audit', roles: ['researcher', 'admin'] },
  managesUsers: { operation: 'GET /api/users', roles: ['admin'] },
} as const satisfies Record<string, { operation: string; roles: readonly Role[] }>;

export type Ability = keyof typeof apiAccess;

/**
 * Who may revise a rubric into its next version: a rule of the API's service on the same route as
 * publishing (`assertMayWriteVersion` in backend/src/protocol/rubric-versioning.ts), so it has no
 * `x-roles` of its own: researchers publish a first version, designers and admins revise.
 */
export const REVISES_RUBRICS: readonly Role[] = ['designer', 'admin'];

export function mayRevise(roles: readonly Role[]): boolean {
  return REVISES_RUBRICS.some((role) => roles.includes(role));
}

/** Whether a person with these roles may do what the API guards as `ability`. */
export function can(roles: readonly Role[], ability: Ability): boolean {
  const allowed: readonly Role[] = apiAccess[ability].roles;
  return allowed.some((role) => roles.includes(role));
}

const rolesOf = (ability: Ability): readonly Role[] => apiAccess[ability].roles;

/**
 * Who may open each view: the roles the API answers on the routes the view needs (the API decides
 * for real; this only keeps people away from screens that would answer 403). No role sees
 * everything: an admin is not an assessor's or an adjudicator's queue.
 */
export const routeRoles: Record<Exclude<RouteName, 'signIn' | 'notFound'>, readonly Role[]> = {
  credentials: ['researcher', 'designer', 'admin'],
  report: rolesOf('readsReports'),
  compare: ['designer', 'researcher', 'admin'],
  firstRubric: rolesOf('publishesRubrics'),
  assessors: ['researcher', 'trainer', 'admin'],
  myAssignments: rolesOf('scores'),
  assignment: rolesOf('scores'),
  adjudications: rolesOf('adjudicates'),
  adjudication: rolesOf('adjudicates'),
  import: rolesOf('importsScores'),
  certification: rolesOf('readsCertification'),
  assessorCertification: rolesOf('readsCertification'),
  assessorAttempt: rolesOf('readsCertification'),
  material: rolesOf('readsCertification'),
  materialItem: rolesOf('readsCertification'),
  pools: rolesOf('readsCertification'),
  myCalibration: rolesOf('takesSets'),
  calibrationAttempt: rolesOf('takesSets'),
  anchors: rolesOf('takesSets'),
  liveFeedback: rolesOf('takesSets'),
  myProfile: rolesOf('takesSets'),
  validityFeedback: rolesOf('takesSets'),
  admin: rolesOf('managesUsers'),
  adminUsers: rolesOf('managesUsers'),
  adminUser: rolesOf('managesUsers'),
  adminCredentials: rolesOf('managesUsers'),
  adminWindows: rolesOf('managesUsers'),
  adminConflicts: rolesOf('managesUsers'),
  audit: rolesOf('readsAudit'),
  // every signed-in person (every account holds at least one role)
  myPassword: ['admin', 'researcher', 'designer', 'trainer', 'assessor', 'adjudicator'],
};

export function isPublic(route: Route): boolean {
  return route.name === 'signIn' || route.name === 'notFound';
}

export function mayOpen(route: Route, roles: readonly Role[]): boolean {
  if (isPublic(route)) return true;
  const allowed = routeRoles[route.name as keyof typeof routeRoles];
  return allowed.some((role) => roles.includes(role));
}

export interface NavItem {
  label: string;
  href: string;
  route: RouteName;
}

const navigation: NavItem[] = [
  { label: 'Credentials', href: paths.credentials(), route: 'credentials' },
  { label: 'Assessors', href: paths.assessors(), route: 'assessors' },
  { label: 'Certification', href: paths.certification(), route: 'certification' },
  { label: 'Calibration material', href: paths.material(), route: 'material' },
  { label: 'My assignments', href: paths.myAssignments(), route: 'myAssignments' },
  { label: 'My calibration', href: paths.myCalibration(), route: 'myCalibration' },
  { label: 'How my scores compared', href: paths.liveFeedback(), route: 'liveFeedback' },
  { label: 'Validity feedback', href: paths.validityFeedback(), route: 'validityFeedback' },
  { label: 'Adjudications', href: paths.adjudications(), route: 'adjudications' },
  { label: 'Import', href: paths.import(), route: 'import' },
  { label: 'Audit log', href: paths.audit(), route: 'audit' },
  { label: 'Admin', href: paths.admin(), route: 'admin' },
];

/** The header links a person with these roles gets, in a fixed order: only views the API answers them. */
export function navigationFor(roles: readonly Role[]): NavItem[] {
  return navigation.filter((item) => mayOpen(matchRoute(item.href), roles));
}

/** Where `/` should land: the credentials for researchers and designers, otherwise the first link. */
export function homePathFor(roles: readonly Role[]): string {
  return navigationFor(roles)[0]?.href ?? paths.signIn();
}

/** Which header link is current: a report is under Credentials, one assignment under My assignments. */
export function sectionOf(route: Route): RouteName | null {
  switch (route.name) {
    case 'report':
    case 'compare':
    case 'firstRubric':
      return 'credentials';
    case 'assignment':
      return 'myAssignments';
    case 'assessorCertification':
    case 'assessorAttempt':
      return 'certification';
    case 'materialItem':
    case 'pools':
      return 'material';
    case 'calibrationAttempt':
    case 'anchors':
    case 'myProfile':
      return 'myCalibration';
    case 'adjudication':
      return 'adjudications';
    case 'adminUsers':
    case 'adminUser':
    case 'adminCredentials':
    case 'adminWindows':
    case 'adminConflicts':
      return 'admin';
    case 'signIn':
    case 'notFound':
      return null;
    default:
      return route.name;
  }
}

/** Only same-site paths are followed after sign-in (`?next=https://evil.example` is ignored). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
