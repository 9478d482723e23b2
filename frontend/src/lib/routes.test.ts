import { describe, expect, it } from 'vitest';
import { homePathFor, matchRoute, mayOpen, navigationFor, paths, safeNext, sectionOf, type Role, type Route } from './routes';

describe('matchRoute(pathname)', () => {
  it.each<[string, Route]>([
    ['/', { name: 'credentials' }],
    ['/credentials', { name: 'credentials' }],
    ['/credentials/', { name: 'credentials' }],
    ['/credentials/1/versions/2/report', { name: 'report', credentialId: 1, version: 2 }],
    ['/credentials/12/versions/1/report?row=clarity', { name: 'report', credentialId: 12, version: 1 }],
    ['/credentials/1/compare', { name: 'compare', credentialId: 1 }],
    ['/assessors', { name: 'assessors' }],
    ['/my/assignments', { name: 'myAssignments' }],
    ['/assignments/42', { name: 'assignment', assignmentId: 42 }],
    ['/adjudications', { name: 'adjudications' }],
    ['/adjudications/7', { name: 'adjudication', submissionId: 7 }],
    ['/import', { name: 'import' }],
    ['/certification', { name: 'certification' }],
    ['/credentials/1/assessors/7', { name: 'assessorCertification', credentialId: 1, assessorId: 7 }],
    ['/credentials/1/assessors/7/attempts/3', { name: 'assessorAttempt', credentialId: 1, assessorId: 7, attemptId: 3 }],
    ['/material', { name: 'material' }],
    ['/credentials/1/versions/2/material/40', { name: 'materialItem', credentialId: 1, version: 2, itemId: 40 }],
    ['/pools', { name: 'pools' }],
    ['/my/calibration', { name: 'myCalibration' }],
    ['/my/calibration/attempts/12', { name: 'calibrationAttempt', attemptId: 12 }],
    ['/my/calibration/credentials/1/anchors', { name: 'anchors', credentialId: 1 }],
    ['/my/feedback', { name: 'liveFeedback' }],
    ['/my/calibration/credentials/3/profile', { name: 'myProfile', credentialId: 3 }],
    ['/my/validity-feedback', { name: 'validityFeedback' }],
    ['/admin', { name: 'admin' }],
    ['/admin/users', { name: 'adminUsers' }],
    ['/admin/users/7', { name: 'adminUser', userId: 7 }],
    ['/my/password', { name: 'myPassword' }],
    ['/admin/credentials', { name: 'adminCredentials' }],
    ['/admin/windows', { name: 'adminWindows' }],
    ['/admin/conflicts', { name: 'adminConflicts' }],
    ['/audit?actor=3', { name: 'audit' }],
    ['/credentials/1/assessors/7?tab=monitoring', { name: 'assessorCertification', credentialId: 1, assessorId: 7 }],
    ['/sign-in', { name: 'signIn' }],
    ['/assignments/abc', { name: 'notFound', path: '/assignments/abc' }],
    ['/assignments/0', { name: 'notFound', path: '/assignments/0' }],
    ['/assignments/-1', { name: 'notFound', path: '/assignments/-1' }],
    ['/credentials/1/versions/1', { name: 'notFound', path: '/credentials/1/versions/1' }],
    ['/nowhere', { name: 'notFound', path: '/nowhere' }],
  ])('matchRoute(%j) is %j', (pathname, expected) => {
    expect(matchRoute(pathname)).toEqual(expected);
  });

  it('reads back every path the builders make', () => {
    expect(matchRoute(paths.report(3, 2))).toEqual({ name: 'report', credentialId: 3, version: 2 });
    expect(matchRoute(paths.compare(3))).toEqual({ name: 'compare', credentialId: 3 });
    expect(matchRoute(paths.assignment(9))).toEqual({ name: 'assignment', assignmentId: 9 });
    expect(matchRoute(paths.adjudication(5))).toEqual({ name: 'adjudication', submissionId: 5 });
    expect(matchRoute(paths.signIn('/import'))).toEqual({ name: 'signIn' });
    expect(matchRoute(paths.assessorCertification(1, 7))).toEqual({ name: 'assessorCertification', credentialId: 1, assessorId: 7 });
    expect(matchRoute(paths.assessorAttempt(1, 7, 3))).toEqual({ name: 'assessorAttempt', credentialId: 1, assessorId: 7, attemptId: 3 });
    expect(matchRoute(paths.materialItem(1, 2, 40))).toEqual({ name: 'materialItem', credentialId: 1, version: 2, itemId: 40 });
    expect(matchRoute(paths.calibrationAttempt(12))).toEqual({ name: 'calibrationAttempt', attemptId: 12 });
    expect(matchRoute(paths.anchors(1))).toEqual({ name: 'anchors', credentialId: 1 });
    expect(matchRoute(paths.myProfile(4))).toEqual({ name: 'myProfile', credentialId: 4 });
    expect(matchRoute(paths.validityFeedback())).toEqual({ name: 'validityFeedback' });
    expect(matchRoute(paths.assessorMonitoring(1, 7))).toEqual({ name: 'assessorCertification', credentialId: 1, assessorId: 7 });
    expect(paths.assessorMonitoring(1, 7)).toBe('/credentials/1/assessors/7?tab=monitoring');
  });

  it('keeps the credential and version chosen in the query of the calibration views', () => {
    expect(paths.material()).toBe('/material');
    expect(paths.material(2)).toBe('/material?credential=2');
    expect(paths.pools(2, 1)).toBe('/pools?credential=2&version=1');
    expect(paths.certification(3)).toBe('/certification?credential=3');
    expect(matchRoute(paths.pools(2, 1))).toEqual({ name: 'pools' });
  });
});

describe('paths.signIn(next)', () => {
  it.each([
    [undefined, '/sign-in'],
    ['/sign-in', '/sign-in'],
    ['/credentials/1/versions/1/report?row=a', '/sign-in?next=%2Fcredentials%2F1%2Fversions%2F1%2Freport%3Frow%3Da'],
  ])('paths.signIn(%j) is %j', (next, expected) => {
    expect(paths.signIn(next)).toBe(expected);
  });
});

describe('mayOpen(route, roles)', () => {
  it.each<[string, Role[], boolean]>([
    ['/credentials/1/versions/1/report', ['researcher'], true],
    ['/credentials/1/versions/1/report', ['designer'], true],
    ['/credentials/1/versions/1/report', ['assessor'], false],
    ['/credentials/1/versions/1/report', ['trainer'], true],
    ['/credentials/1/compare', ['designer'], true],
    ['/assessors', ['trainer'], true],
    ['/assessors', ['assessor'], false],
    ['/my/assignments', ['assessor'], true],
    ['/assignments/3', ['researcher'], false],
    ['/adjudications/3', ['adjudicator'], true],
    ['/adjudications/3', ['assessor'], false],
    ['/import', ['researcher'], true],
    ['/import', ['designer'], false],
    ['/import', ['admin'], true],
    ['/certification', ['trainer'], true],
    ['/certification', ['researcher'], true],
    ['/certification', ['assessor'], false],
    ['/credentials/1/versions/1/material/4', ['trainer'], true],
    ['/credentials/1/versions/1/material/4', ['designer'], false],
    ['/pools', ['researcher'], true],
    ['/my/calibration', ['assessor'], true],
    ['/my/calibration', ['trainer'], false],
    ['/my/calibration/attempts/2', ['assessor'], true],
    ['/my/feedback', ['assessor'], true],
    ['/my/feedback', ['researcher'], false],
    ['/my/calibration/credentials/1/profile', ['assessor'], true],
    ['/my/calibration/credentials/1/profile', ['trainer'], false],
    ['/my/validity-feedback', ['assessor'], true],
    ['/my/validity-feedback', ['researcher'], false],
    ['/my/assignments', ['admin'], false],
    ['/adjudications', ['admin'], false],
    ['/adjudications/3', ['admin'], false],
    ['/my/calibration', ['admin'], false],
    ['/credentials/1/versions/1/report', ['admin'], true],
    ['/admin/windows', ['admin'], true],
    ['/admin/windows', ['researcher'], false],
    ['/admin/users/7', ['admin'], true],
    ['/admin/users/7', ['researcher', 'trainer'], false],
    ['/my/password', ['assessor'], true],
    ['/my/password', ['adjudicator'], true],
    ['/my/password', ['designer'], true],
    ['/audit', ['researcher'], true],
    ['/audit', ['admin'], true],
    ['/audit', ['designer'], false],
    ['/sign-in', [], true],
    ['/nowhere', [], true],
  ])('mayOpen(%j, %j) is %s', (path, roles, expected) => {
    expect(mayOpen(matchRoute(path), roles)).toBe(expected);
  });
});

describe('navigationFor(roles) and homePathFor(roles)', () => {
  it.each<[Role[], string[], string]>([
    [['researcher'], ['Credentials', 'Assessors', 'Certification', 'Calibration material', 'Import', 'Audit log'], '/'],
    [['designer'], ['Credentials'], '/'],
    [['assessor'], ['My assignments', 'My calibration', 'How my scores compared', 'Validity feedback'], '/my/assignments'],
    [['adjudicator', 'assessor'], ['My assignments', 'My calibration', 'How my scores compared', 'Validity feedback', 'Adjudications'], '/my/assignments'],
    [['trainer'], ['Assessors', 'Certification', 'Calibration material'], '/assessors'],
    [
      ['admin'],
      ['Credentials', 'Assessors', 'Certification', 'Calibration material', 'Import', 'Audit log', 'Admin'],
      '/',
    ],
    [[], [], '/sign-in'],
  ])('roles %j get %j and start at %j', (roles, labels, home) => {
    expect(navigationFor(roles).map((item) => item.label)).toEqual(labels);
    expect(homePathFor(roles)).toBe(home);
  });
});

describe('sectionOf(route)', () => {
  it.each([
    ['/credentials/1/versions/1/report', 'credentials'],
    ['/credentials/1/compare', 'credentials'],
    ['/assignments/4', 'myAssignments'],
    ['/adjudications/4', 'adjudications'],
    ['/import', 'import'],
    ['/credentials/1/assessors/7', 'certification'],
    ['/credentials/1/assessors/7/attempts/3', 'certification'],
    ['/credentials/1/versions/1/material/4', 'material'],
    ['/pools', 'material'],
    ['/my/calibration/attempts/2', 'myCalibration'],
    ['/my/calibration/credentials/1/anchors', 'myCalibration'],
    ['/my/feedback', 'liveFeedback'],
    ['/my/calibration/credentials/1/profile', 'myCalibration'],
    ['/my/validity-feedback', 'validityFeedback'],
    ['/admin/conflicts', 'admin'],
    ['/admin/users', 'admin'],
    ['/admin/users/7', 'admin'],
    ['/my/password', 'myPassword'],
    ['/audit', 'audit'],
    ['/sign-in', null],
  ])('the header marks %j under %j', (path, section) => {
    expect(sectionOf(matchRoute(path))).toBe(section);
  });
});

describe('safeNext(next)', () => {
  it.each([
    ['/credentials/1/versions/1/report', '/credentials/1/versions/1/report'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])('safeNext(%j) is %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
