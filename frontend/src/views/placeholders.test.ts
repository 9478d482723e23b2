import { describe, expect, it } from 'vitest';
import { matchRoute } from '../lib/routes';
import { isEmptyResponse, viewSpec } from './placeholders';

describe('viewSpec(route)', () => {
  it.each([
    ['/', '/credentials', false],
    ['/credentials/2/versions/1/report', '/credentials/2/rubric-versions/1/report', true],
    ['/credentials/2/compare', '/credentials/2/rubric-versions', false],
    ['/my/assignments', '/my/assignments', false],
    ['/assignments/5', '/assignments/5', false],
    ['/adjudications', '/adjudications', false],
    ['/adjudications/8', '/adjudications/8', false],
    ['/import', null, false],
    ['/credentials/1/assessors/7', '/credentials/1/assessors/7/certification', false],
    ['/credentials/1/versions/2/material/40', '/credentials/1/rubric-versions/2/calibration/candidates/40', false],
    ['/my/calibration', '/my/calibration', false],
    ['/my/calibration/attempts/3', '/my/calibration/attempts/3', false],
    ['/my/feedback', '/my/live-feedback', false],
    ['/sign-in', null, false],
  ])('the view at %j reads %j from the API (printable: %s)', (path, apiPath, printable) => {
    const spec = viewSpec(matchRoute(path));
    expect(spec.apiPath).toBe(apiPath);
    expect(spec.printable).toBe(printable);
    expect(spec.title).not.toBe('');
  });
});

describe('isEmptyResponse(data)', () => {
  it.each([
    [[], true],
    [[1], false],
    [{ items: [], total: 0 }, true],
    [{ items: [{ id: 1 }], total: 1 }, false],
    [{ rows: [] }, false],
    [null, true],
    [undefined, true],
  ])('isEmptyResponse(%j) is %s', (data, expected) => {
    expect(isEmptyResponse(data)).toBe(expected);
  });
});
