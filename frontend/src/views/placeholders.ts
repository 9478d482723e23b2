/**
 * What each view is for and which API resource it reads, until its real layout is wired to the
 * API's typed responses. Pure, so the mapping from URL to API path is tested.
 */
import type { Route } from '../lib/routes';

export interface ViewSpec {
  title: string;
  summary: string;
  /** The API path the view reads (under /api), or null for views that read nothing. */
  apiPath: string | null;
  emptyMessage: string;
  /** The report prints: its print button and print stylesheet apply. */
  printable: boolean;
}

export function viewSpec(route: Route): ViewSpec {
  const base = { emptyMessage: 'Nothing here yet.', printable: false };
  switch (route.name) {
    case 'credentials':
      return { ...base, title: 'Credentials', summary: 'Every credential with its rubric versions and the phase of each validation window.', apiPath: '/credentials', emptyMessage: 'No credentials yet.' };
    case 'report':
      return {
        ...base,
        title: `Validation report: credential ${route.credentialId}, version ${route.version}`,
        summary: 'One line per rubric row: agreement with its interval against the threshold, kappa, alpha, AC1, verdict and evidence.',
        apiPath: `/credentials/${route.credentialId}/rubric-versions/${route.version}/report`,
        printable: true,
      };
    case 'compare':
      return { ...base, title: `Compare versions: credential ${route.credentialId}`, summary: 'Each row’s agreement in one version against the next.', apiPath: `/credentials/${route.credentialId}/rubric-versions` };
    case 'firstRubric':
      return { ...base, title: `First rubric: credential ${route.credentialId}`, summary: 'The rows and levels of the first rubric version, typed in or imported from a rubric file.', apiPath: `/credentials/${route.credentialId}/rubric-versions` };
    case 'assessors':
      return { ...base, title: 'Assessors', summary: 'Scored, agreement with co-readers and with adjudicated finals, severity.', apiPath: '/users', emptyMessage: 'No assessors yet.' };
    case 'myAssignments':
      return { ...base, title: 'My assignments', summary: 'Submissions waiting for your score.', apiPath: '/my/assignments', emptyMessage: 'Nothing to score right now.' };
    case 'assignment':
      return { ...base, title: `Assignment ${route.assignmentId}`, summary: 'The evidence and the rubric; your score is final once submitted.', apiPath: `/assignments/${route.assignmentId}` };
    case 'adjudications':
      return { ...base, title: 'Adjudications', summary: 'Submissions whose scores disagree, waiting for a final level per row.', apiPath: '/adjudications', emptyMessage: 'No disagreements waiting.' };
    case 'adjudication':
      return { ...base, title: `Adjudicate submission ${route.submissionId}`, summary: 'Scorings A and B side by side; a final level and a reason per disagreeing row.', apiPath: `/adjudications/${route.submissionId}` };
    case 'import':
      return { ...base, title: 'Import scores', summary: 'Upload a CSV of scores, check the dry run, then confirm.', apiPath: null };
    case 'certification':
      return { ...base, title: 'Certification', summary: 'The assessors of a credential: certification status, next action and place in the reader pool.', apiPath: '/credentials/{id}/assessors', emptyMessage: 'No assessors yet.' };
    case 'assessorCertification':
      return {
        ...base,
        title: `Assessor ${route.assessorId}: certification`,
        summary: 'Qualification attempts, the status timeline and the trainer’s actions.',
        apiPath: `/credentials/${route.credentialId}/assessors/${route.assessorId}/certification`,
      };
    case 'assessorAttempt':
      return {
        ...base,
        title: `Calibration set ${route.attemptId}`,
        summary: 'One set of an assessor, item by item against the true levels.',
        apiPath: `/credentials/${route.credentialId}/assessors/${route.assessorId}/certification/attempts/${route.attemptId}`,
      };
    case 'material':
      return { ...base, title: 'Calibration material', summary: 'Candidates, ambiguous and confirmed items of a rubric version.', apiPath: '/credentials/{id}/rubric-versions/{v}/calibration/candidates', emptyMessage: 'No calibration material yet.' };
    case 'materialItem':
      return {
        ...base,
        title: `Calibration item ${route.itemId}`,
        summary: 'The evidence, each row’s final level, and the true levels with rationales.',
        apiPath: `/credentials/${route.credentialId}/rubric-versions/${route.version}/calibration/candidates/${route.itemId}`,
      };
    case 'pools':
      return { ...base, title: 'Calibration pools', summary: 'Each pool with its items and the coverage of every level of every row.', apiPath: '/credentials/{id}/rubric-versions/{v}/calibration/pools' };
    case 'myCalibration':
      return { ...base, title: 'My calibration', summary: 'Your certification per credential, the anchors, and the sets you may take.', apiPath: '/my/calibration', emptyMessage: 'No calibration material yet.' };
    case 'calibrationAttempt':
      return { ...base, title: `Calibration set ${route.attemptId}`, summary: 'The set item by item, with the blind scoring form.', apiPath: `/my/calibration/attempts/${route.attemptId}` };
    case 'anchors':
      return { ...base, title: 'Anchor exemplars', summary: 'Responses with their true levels and the reasons for them.', apiPath: `/my/calibration/credentials/${route.credentialId}/anchors` };
    case 'liveFeedback':
      return { ...base, title: 'How my scores compared', summary: 'Your scores in completed validation windows beside the final levels.', apiPath: '/my/live-feedback', emptyMessage: 'No completed window has your scores yet.' };
    case 'myProfile':
      return {
        ...base,
        title: 'My profile',
        summary: 'Your validity items, drift charts, live agreement and severity beside the experts, for one credential.',
        apiPath: `/my/profile/credentials/${route.credentialId}`,
      };
    case 'validityFeedback':
      return { ...base, title: 'Validity feedback', summary: 'Validity items you scored, with their true levels and the reasons for them.', apiPath: '/my/validity-feedback', emptyMessage: 'No validity feedback yet.' };
    case 'admin':
      return { ...base, title: 'Admin', summary: 'Running the service: users, credentials and versions, validation windows, conflicts of interest and the audit log.', apiPath: null };
    case 'adminUsers':
      return { ...base, title: 'Users', summary: 'Every account with its roles.', apiPath: '/users', emptyMessage: 'No users yet.' };
    case 'adminUser':
      return { ...base, title: `User ${route.userId}`, summary: 'One account: whether it is enabled, its roles, a temporary password and the conflicts an admin recorded.', apiPath: `/users/${route.userId}` };
    case 'adminCredentials':
      return { ...base, title: 'Credentials and versions', summary: 'Every credential with its rubric versions, rows and windows.', apiPath: '/credentials', emptyMessage: 'No credentials yet.' };
    case 'adminWindows':
      return { ...base, title: 'Validation windows', summary: 'Every validation window with its settings and progress.', apiPath: '/credentials', emptyMessage: 'No validation window yet.' };
    case 'adminConflicts':
      return { ...base, title: 'Conflicts of interest', summary: 'The organisations each person declared a conflict with: they are never drawn to read its work.', apiPath: '/users', emptyMessage: 'No conflicts declared.' };
    case 'audit':
      return { ...base, title: 'Audit log', summary: 'Every change, newest first, filtered by who, what and when.', apiPath: '/audit', emptyMessage: 'No entries match.' };
    case 'myPassword':
      return { ...base, title: 'Change your password', summary: 'Your own password: at least 8 characters, not a common one, not your email.', apiPath: null };
    case 'signIn':
      return { ...base, title: 'Sign in', summary: '', apiPath: null };
    case 'notFound':
      return { ...base, title: 'Page not found', summary: `Nothing lives at ${route.path}.`, apiPath: null };
  }
}

/** An empty list, or a page (`{ items: [] }`) with no items. */
export function isEmptyResponse(data: unknown): boolean {
  if (Array.isArray(data)) return data.length === 0;
  if (typeof data === 'object' && data !== null && 'items' in data) {
    const items = (data as { items: unknown }).items;
    return Array.isArray(items) && items.length === 0;
  }
  return data === null || data === undefined;
}
