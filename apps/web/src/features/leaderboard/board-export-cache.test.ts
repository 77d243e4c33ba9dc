import { describe, expect, it } from 'vitest';
import { row, view } from './board-fixtures.testing';
import { matchesIfNoneMatch, serialisedBoard } from './board-export-cache';

const board = () =>
  view(Array.from({ length: 120 }, (_, i) => row({ id: `sub${i}`, rank: i + 1 })));

describe('serialisedBoard', () => {
  it('serialises a view once per format: the same body and ETag for the same view object', () => {
    const v = board();
    const json = serialisedBoard(v, 'json');
    expect(serialisedBoard(v, 'json')).toBe(json);
    const parsed = JSON.parse(Buffer.from(json.body).toString('utf8'));
    expect(parsed.board.entries).toHaveLength(120);
    expect(parsed.page).toBeUndefined();
    expect(json.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const csv = serialisedBoard(v, 'csv');
    expect(csv.etag).not.toBe(json.etag);
    expect(Buffer.from(csv.body).toString('utf8').split('\r\n')).toHaveLength(122);
    expect(csv.fileName).toBe('brats_seg_test.csv');
  });

  it('a changed board is a new view object: new body, new ETag', () => {
    const before = serialisedBoard(board(), 'json');
    const changed = board();
    changed.entries[0] = row({
      id: 'sub0',
      scores: { dice: { value: 0.9, ciLow: 0.88, ciHigh: 0.92 } },
    });
    const after = serialisedBoard(changed, 'json');
    expect(after).not.toBe(before);
    expect(after.etag).not.toBe(before.etag);
    // Equal content gives the equal validator, so a client's cached copy stays valid.
    expect(serialisedBoard(board(), 'json').etag).toBe(before.etag);
  });

  it('slices a page only when asked, with the page facts next to the board', () => {
    const v = board();
    const paged = JSON.parse(
      Buffer.from(serialisedBoard(v, 'json', { page: '3', perPage: '50' }).body).toString(),
    );
    expect(paged.board.entries.map((e: { id: string }) => e.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `sub${100 + i}`),
    );
    expect(paged.board.entries[0].rank).toBe(101);
    expect(paged.page).toEqual({ page: 3, perPage: 50, pageCount: 3, total: 120 });
    expect(serialisedBoard(v, 'json', { page: '3', perPage: '50' })).toBe(
      serialisedBoard(v, 'json', { page: '3', perPage: '50' }),
    );
  });
});

describe('matchesIfNoneMatch', () => {
  it('compares weakly, reads lists and *, and needs a header', () => {
    expect(matchesIfNoneMatch('"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"abd"', '"abc"')).toBe(false);
    expect(matchesIfNoneMatch(null, '"abc"')).toBe(false);
  });
});
