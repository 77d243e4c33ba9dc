import { describe, expect, it } from 'vitest';
import {
  ariaSortOf,
  breakdownSortParam,
  effectiveSort,
  nextSort,
  orderBreakdownRows,
  parseBreakdownSort,
  shortCategoryName,
  type BreakdownSort,
} from './breakdown-order';

const row = (id: string, cells: Record<string, number | null>) => ({
  id,
  methodName: `Model ${id}`,
  cells: Object.fromEntries(
    Object.entries(cells).map(([k, value]) => [k, { value, ciLow: null, ciHigh: null, n: null }]),
  ),
});
const rows = [
  row('a', { CT: 0.5, MR: 0.9 }),
  row('b', { CT: 0.7, MR: null }),
  row('c', { CT: 0.6, MR: 0.2 }),
  row('d', {}),
];
const overall = new Map<string, number | null>([
  ['a', 0.55],
  ['b', 0.61],
  ['c', 0.4],
  ['d', null],
]);
const ids = (list: { id: string }[]) => list.map((r) => r.id);
const sortBy = (column: string | null, direction: 'asc' | 'desc'): BreakdownSort => ({
  dimension: 'modality',
  column,
  direction,
});

describe('parseBreakdownSort', () => {
  it('reads dimension, column and direction; an empty column is Overall', () => {
    expect(parseBreakdownSort('modality:CT:asc')).toEqual(sortBy('CT', 'asc'));
    expect(parseBreakdownSort('modality::desc')).toEqual(sortBy(null, 'desc'));
  });

  it('keeps colons inside a category name', () => {
    expect(parseBreakdownSort('task:Ratio 1:2 (R):desc')).toEqual({
      dimension: 'task',
      column: 'Ratio 1:2 (R)',
      direction: 'desc',
    });
  });

  it('round-trips through breakdownSortParam', () => {
    for (const sort of [sortBy('CT', 'asc'), sortBy(null, 'desc')])
      expect(parseBreakdownSort(breakdownSortParam(sort))).toEqual(sort);
  });

  it.each([undefined, '', 'modality', 'modality:CT', 'modality:CT:up', ':CT:asc', 'x'.repeat(400)])(
    'refuses %j',
    (value) => expect(parseBreakdownSort(value)).toBeNull(),
  );

  it('takes the first of repeated parameters', () => {
    expect(parseBreakdownSort(['modality:CT:asc', 'modality:MR:desc'])).toEqual(
      sortBy('CT', 'asc'),
    );
  });
});

describe('orderBreakdownRows', () => {
  it('orders by Overall, best first for a higher-is-better metric, missing last', () => {
    expect(ids(orderBreakdownRows(rows, sortBy(null, 'desc'), overall, true))).toEqual([
      'b',
      'a',
      'c',
      'd',
    ]);
  });

  it('orders by Overall ascending for a lower-is-better metric', () => {
    expect(ids(orderBreakdownRows(rows, sortBy(null, 'asc'), overall, false))).toEqual([
      'c',
      'a',
      'b',
      'd',
    ]);
  });

  it('orders by a category column either way and keeps missing cells last', () => {
    expect(ids(orderBreakdownRows(rows, sortBy('MR', 'desc'), overall, true))).toEqual([
      'a',
      'c',
      'b',
      'd',
    ]);
    expect(ids(orderBreakdownRows(rows, sortBy('MR', 'asc'), overall, true))).toEqual([
      'c',
      'a',
      'b',
      'd',
    ]);
  });

  it('breaks ties by Overall, then by name', () => {
    const tied = [row('x', { CT: 0.5 }), row('y', { CT: 0.5 }), row('z', { CT: 0.5 })];
    const tiedOverall = new Map([
      ['x', 0.1],
      ['y', 0.3],
      ['z', 0.3],
    ]);
    expect(ids(orderBreakdownRows(tied, sortBy('CT', 'desc'), tiedOverall, true))).toEqual([
      'y',
      'z',
      'x',
    ]);
  });

  it('does not reorder its input', () => {
    const input = [...rows];
    orderBreakdownRows(input, sortBy(null, 'desc'), overall, true);
    expect(ids(input)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('effectiveSort and nextSort', () => {
  const dimension = {
    dimension: 'modality',
    categories: [
      { category: 'CT', n: null, members: ['CT'] },
      { category: 'MR', n: null, members: ['MR'] },
    ],
    rows: [],
  };

  it('uses the URL sort only for its own dimension and an existing column', () => {
    expect(effectiveSort(sortBy('CT', 'asc'), dimension, true)).toEqual(sortBy('CT', 'asc'));
    expect(effectiveSort(sortBy('PET', 'asc'), dimension, true)).toEqual(sortBy(null, 'desc'));
    expect(effectiveSort({ ...sortBy('CT', 'asc'), dimension: 'task' }, dimension, false)).toEqual(
      sortBy(null, 'asc'),
    );
    expect(effectiveSort(null, dimension, true)).toEqual(sortBy(null, 'desc'));
  });

  it('reverses the sorted column and sorts a new one best first', () => {
    expect(nextSort(sortBy(null, 'desc'), null, true)).toEqual(sortBy(null, 'asc'));
    expect(nextSort(sortBy(null, 'desc'), 'CT', true)).toEqual(sortBy('CT', 'desc'));
    expect(nextSort(sortBy(null, 'asc'), 'CT', false)).toEqual(sortBy('CT', 'asc'));
  });

  it('says the direction in aria-sort of the sorted column only', () => {
    expect(ariaSortOf(sortBy('CT', 'asc'), 'CT')).toBe('ascending');
    expect(ariaSortOf(sortBy(null, 'desc'), null)).toBe('descending');
    expect(ariaSortOf(sortBy(null, 'desc'), 'CT')).toBe('none');
  });
});

describe('shortCategoryName', () => {
  it.each([
    ['Attribute recognition (AR)', 'AR'],
    ['Cardiology (CA)', 'CA'],
    ['CT', 'CT'],
    ['Gastroenterology and hepatology', 'Gastroenterology and he…'],
    ['A (very long parenthetical remark)', 'A (very long parentheti…'],
  ])('%s → %s', (name, short) => {
    expect(shortCategoryName(name)).toBe(short);
    expect(shortCategoryName(name).length).toBeLessThanOrEqual(24);
  });
});
