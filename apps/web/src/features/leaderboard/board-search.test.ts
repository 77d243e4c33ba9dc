import { describe, expect, it } from 'vitest';
import {
  boardSearchString,
  parseBoardSearch,
  parseCategoryFilters,
  toBoardQuery,
} from './board-search';

describe('parseBoardSearch', () => {
  it('keeps valid parameters and reports each refused one with what was expected', () => {
    const { search, errors } = parseBoardSearch({
      track: 'closed',
      sort: 'roc_auc',
      dir: 'up',
      from: '2024-13-45x',
      kind: 'verified',
      openWeights: 'yes',
    });
    expect(search).toEqual({
      track: 'closed',
      sort: 'roc_auc',
      kind: 'verified',
      openWeights: 'yes',
    });
    expect(errors).toEqual([
      'dir: expected "asc" or "desc", got "up"',
      'from: expected a date YYYY-MM-DD, got "2024-13-45x"',
    ]);
  });

  it('takes the first of repeated parameters and ignores blanks', () => {
    expect(parseBoardSearch({ q: ['  unet ', 'x'], team: '' }).search).toEqual({ q: 'unet' });
  });
});

describe('toBoardQuery', () => {
  it('turns the URL state into the repository query; "to" includes its whole day', () => {
    expect(
      toBoardQuery('vqa-rad', {
        openWeights: 'no',
        from: '2024-01-01',
        to: '2024-12-31',
        view: 'best',
      }),
    ).toEqual({
      slug: 'vqa-rad',
      openWeights: false,
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-12-31T23:59:59.999Z',
      view: 'best',
    });
  });
});

describe('boardSearchString', () => {
  it('writes parameters in a fixed order so one view has one URL', () => {
    expect(boardSearchString({ sort: 'dice', track: 't', q: 'a b' }, { panel: 'history' })).toBe(
      '?track=t&sort=dice&q=a+b&panel=history',
    );
    expect(boardSearchString({})).toBe('');
  });
});

describe('parseCategoryFilters', () => {
  it('groups dimension:category pairs by dimension (a colon may appear in the category)', () => {
    expect(parseCategoryFilters(['organ:lung', 'organ:liver', 'time:08:00'])).toEqual({
      organ: ['lung', 'liver'],
      time: ['08:00'],
    });
  });

  it('refuses a pair without a dimension or category', () => {
    expect(() => parseCategoryFilters(['lung'])).toThrow(/"lung": expected "dimension:category"/);
    expect(() => parseCategoryFilters(['organ:'])).toThrow(/expected "dimension:category"/);
  });
});
