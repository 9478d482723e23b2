import { describe, expect, it } from 'vitest';
import { wholeNumberParam, withQuery } from './query';

describe('withQuery(pathname, search, changes)', () => {
  it.each([
    ['/r', '', { row: 'scoring_tool' }, '/r?row=scoring_tool'],
    ['/r', '?row=a&sort=agreement', { row: null }, '/r?sort=agreement'],
    ['/r', '?row=a', { row: 'b', page: 2 }, '/r?row=b&page=2'],
    ['/r', '?row=a', { row: '' }, '/r'],
    ['/r', '?x=1', { y: undefined }, '/r?x=1'],
  ])('withQuery(%j, %j, %j) is %j', (pathname, search, changes, url) => {
    expect(withQuery(pathname, search, changes)).toBe(url);
  });
});

describe('wholeNumberParam(value)', () => {
  it.each([
    ['3', 3],
    ['0', null],
    ['-1', null],
    ['2.5', null],
    ['abc', null],
    [null, null],
  ])('wholeNumberParam(%j) is %j', (value, number) => {
    expect(wholeNumberParam(value)).toBe(number);
  });
});
