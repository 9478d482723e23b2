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
  signIn: (next?: string) => (next && next !== '/sign-in' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'),
} as const;

/**
 * Who may open each view (the API decides for real; this only keeps people away from screens that
 * would answer 403). `null`: anyone signed in. Admins see everything.
 */
export const routeRoles: Record<Exclude<RouteName, 'signIn' | 'notFound'>, readonly Role[] | null> = {
  credentials: ['researcher', 'designer'],
  report: ['researcher', 'designer', 'trainer'],
  compare: ['designer', 'researcher'],
  assessors: ['researcher', 'trainer'],
  myAssignments: ['assessor'],
  assignment: ['assessor'],
  adjudications: ['adjudicator'],
  adjudication: ['adjudicator'],
  import: ['researcher'],
  certification: ['trainer', 'researcher'],
  assessorCertification: ['trainer', 'researcher'],
  assessorAttempt: ['trainer', 'researcher'],
  material: ['trainer', 'researcher'],
  materialItem: ['trainer', 'researcher'],
  pools: ['trainer', 'researcher'],
  myCalibration: ['assessor'],
  calibrationAttempt: ['assessor'],
  anchors: ['assessor'],
  liveFeedback: ['assessor'],
  myProfile: ['assessor'],
  validityFeedback: ['assessor'],
};

export function isPublic(route: Route): boolean {
  return route.name === 'signIn' || route.name === 'notFound';
}

export function mayOpen(route: Route, roles: readonly Role[]): boolean {
  if (isPublic(route)) return true;
  if (roles.includes('admin')) return true;
  const allowed = routeRoles[route.name as keyof typeof routeRoles];
  return allowed === null || allowed.some((role) => roles.includes(role));
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
];

/** The header links a person with these roles gets, in a fixed order. */
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
