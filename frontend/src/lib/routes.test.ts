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
    ['/sign-in', [], true],
    ['/nowhere', [], true],
  ])('mayOpen(%j, %j) is %s', (path, roles, expected) => {
    expect(mayOpen(matchRoute(path), roles)).toBe(expected);
  });
});

describe('navigationFor(roles) and homePathFor(roles)', () => {
  it.each<[Role[], string[], string]>([
    [['researcher'], ['Credentials', 'Assessors', 'Import'], '/'],
    [['designer'], ['Credentials'], '/'],
    [['assessor'], ['My assignments'], '/my/assignments'],
    [['adjudicator', 'assessor'], ['My assignments', 'Adjudications'], '/my/assignments'],
    [['trainer'], ['Assessors'], '/assessors'],
    [['admin'], ['Credentials', 'Assessors', 'My assignments', 'Adjudications', 'Import'], '/'],
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
