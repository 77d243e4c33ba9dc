import { describe, expect, it } from 'vitest';
import {
  boardSearchString,
  parseBoardSearch,
  paginate,
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

describe('page and perPage', () => {
  it('accepts page numbers from 1 and at most 200 rows per page, refusing the rest', () => {
    expect(parseBoardSearch({ page: '3', perPage: '200' }).search).toEqual({
      page: '3',
      perPage: '200',
    });
    expect(parseBoardSearch({ page: '0', perPage: '201' }).errors).toEqual([
      'page: expected a page number from 1, got "0"',
      'perPage: expected a number of rows from 1 to 200, got "201"',
    ]);
    expect(parseBoardSearch({ page: '-1', perPage: '1.5' }).search).toEqual({});
  });

  it('are not part of the repository query (one cached view serves every page)', () => {
    expect(toBoardQuery('b', { page: '2', perPage: '10', sort: 'dice' })).toEqual({
      slug: 'b',
      sort: 'dice',
    });
  });
});

describe('paginate', () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);

  it('shows 50 rows by default and slices the asked page', () => {
    const first = paginate(rows, {});
    expect(first).toMatchObject({ page: 1, perPage: 50, pageCount: 3, total: 120, first: 0 });
    expect(first.rows).toHaveLength(50);
    const last = paginate(rows, { page: '3' });
    expect(last.rows).toEqual(rows.slice(100));
    expect(last.first).toBe(100);
  });

  it('clamps a page past the end to the last page; an empty board has one empty page', () => {
    expect(paginate(rows, { page: '99', perPage: '100' })).toMatchObject({ page: 2, first: 100 });
    expect(paginate([], { page: '4' })).toMatchObject({ page: 1, pageCount: 1, rows: [] });
  });

  it('opens on the page holding a focused row unless a page was asked for', () => {
    expect(paginate(rows, { perPage: '20' }, 45).page).toBe(3);
    expect(paginate(rows, { perPage: '20', page: '1' }, 45).page).toBe(1);
  });

  it('folds a last page under 10 % of a page into the one before, when asked (the board page)', () => {
    const gmai = Array.from({ length: 51 }, (_, i) => i);
    const fold = { foldShortLastPage: true };
    expect(paginate(gmai, {}, -1, fold)).toMatchObject({ page: 1, pageCount: 1, total: 51 });
    expect(paginate(gmai, {}, -1, fold).rows).toHaveLength(51);
    // A page asked past the fold shows the folded last page; a focused 51st row is on page 1.
    expect(paginate(gmai, { page: '2' }, -1, fold)).toMatchObject({ page: 1, first: 0 });
    expect(paginate(gmai, {}, 50, fold).page).toBe(1);
    // Five rows of fifty (10 %) are a page of their own; four are folded.
    expect(
      paginate(
        Array.from({ length: 55 }, (_, i) => i),
        {},
        -1,
        fold,
      ).pageCount,
    ).toBe(2);
    expect(
      paginate(
        Array.from({ length: 104 }, (_, i) => i),
        {},
        -1,
        fold,
      ),
    ).toMatchObject({
      pageCount: 2,
    });
    expect(
      paginate(
        Array.from({ length: 104 }, (_, i) => i),
        { page: '2' },
        -1,
        fold,
      ).rows,
    ).toHaveLength(54);
  });

  it('keeps strict pages by default (the API: page N always starts at row (N − 1) × perPage)', () => {
    const gmai = Array.from({ length: 51 }, (_, i) => i);
    expect(paginate(gmai, {})).toMatchObject({ pageCount: 2 });
    expect(paginate(gmai, { page: '2' }).rows).toEqual([50]);
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
    expect(boardSearchString({ perPage: '100', page: '2', track: 't' })).toBe(
      '?track=t&page=2&perPage=100',
    );
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
