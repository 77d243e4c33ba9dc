import { describe, expect, it } from 'vitest';
import { row, view } from './board-fixtures.testing';
import { boardColumnLayout, columnChoiceParam, parseColumnChoice, tabGrid } from './board-columns';
import { parseBoardSearch } from './board-search';
import type { BoardColumn, BoardTab, BoardView } from './board-types';

// The fixture's column (whatever fields BoardColumn grows) under another key.
const column = (key: string): BoardColumn => ({
  ...view([]).columns[0]!,
  key,
  label: key.toUpperCase(),
  computed: false,
});

/** A reported-only board with three metrics; `green` is the primary but listed last. */
function reportedBoard(overrides: Partial<BoardView> = {}): BoardView {
  const base = view([
    row({
      kind: 'reported',
      id: 'r1',
      rank: null,
      rankInterval: null,
      tier: null,
      scores: {
        bleu: { value: 0.1, ciLow: null, ciHigh: null },
        green: { value: 0.3, ciLow: null, ciHigh: null },
      },
    }),
    row({
      kind: 'reported',
      id: 'r2',
      rank: null,
      rankInterval: null,
      tier: null,
      scores: {
        bleu: { value: 0.2, ciLow: null, ciHigh: null },
        green: { value: null, ciLow: null, ciHigh: null },
      },
    }),
  ]);
  return {
    ...base,
    track: { ...base.track, primaryMetric: 'green' },
    columns: [column('bleu'), column('unreported'), column('green')],
    sort: { metric: 'green', dir: 'desc' },
    ...overrides,
  };
}

describe('boardColumnLayout', () => {
  it('puts the primary metric first and leaves out a metric nobody reported and empty rank statistics', () => {
    const layout = boardColumnLayout(reportedBoard());
    expect(layout.columns.map((c) => c.key)).toEqual(['green', 'bleu']);
    expect(layout.choosable.map((c) => c.key)).toEqual(['green', 'bleu']);
    expect(layout).toMatchObject({ showRankInterval: false, showTier: false, listPosition: true });
  });

  it('keeps rank interval, tier and ranks when some entry has them', () => {
    const layout = boardColumnLayout(
      view([row({}), row({ id: 'b', rank: null, rankInterval: null, tier: null })]),
    );
    expect(layout).toMatchObject({ showRankInterval: true, showTier: true, listPosition: false });
    expect(layout.columns.map((c) => c.key)).toEqual(['dice']);
  });

  it('shows the efficiency column only when some entry has a model run', () => {
    const timed = row({
      id: 'timed',
      inference: { kind: 'onnx', meanMs: 12.3, p50Ms: 11.9, p95Ms: 20.4 },
    });
    expect(boardColumnLayout(view([row({}), timed])).showInference).toBe(true);
    expect(boardColumnLayout(view([row({}), row({ id: 'b' })])).showInference).toBe(false);
    expect(boardColumnLayout(reportedBoard()).showInference).toBe(false);
  });

  it('keeps every metric while scores are withheld (an empty cell means "not yet shown")', () => {
    const board = reportedBoard();
    const layout = boardColumnLayout({
      ...board,
      testSet: { ...board.testSet, scoresHidden: true },
    });
    expect(layout.columns.map((c) => c.key)).toEqual(['green', 'bleu', 'unreported']);
  });

  it('shows only the chosen metrics, and always the sorted one', () => {
    const board = reportedBoard({ sort: { metric: 'bleu', dir: 'desc' } });
    expect(boardColumnLayout(board, new Set(['green'])).columns.map((c) => c.key)).toEqual([
      'green',
      'bleu',
    ]);
    expect(boardColumnLayout(board, new Set(['bleu'])).columns.map((c) => c.key)).toEqual(['bleu']);
  });

  it('numbers nothing on an empty board', () => {
    expect(boardColumnLayout(view([])).listPosition).toBe(false);
  });
});

describe('column chooser in the URL', () => {
  const columns = [column('bleu'), column('green'), column('radgraph')];

  it('reads comma-separated keys and the repeated `cols` of the chooser form alike', () => {
    expect(parseBoardSearch({ cols: 'bleu,green' }).search.cols).toBe('bleu,green');
    expect(parseBoardSearch({ cols: ['bleu', ' green '] }).search.cols).toBe('bleu,green');
    expect(parseColumnChoice('bleu,green', columns)).toEqual(new Set(['bleu', 'green']));
  });

  it('refuses malformed values and ignores keys the board does not have', () => {
    const { search, errors } = parseBoardSearch({ cols: 'bleu,<script>' });
    expect(search.cols).toBeUndefined();
    expect(errors).toEqual(['cols: expected comma-separated metric keys, got "bleu,<script>"']);
    expect(parseColumnChoice('bleu,nope', columns)).toEqual(new Set(['bleu']));
  });

  it('means every column when absent, naming none of this board’s or all of them', () => {
    expect(parseColumnChoice(undefined, columns)).toBeNull();
    expect(parseColumnChoice('nope', columns)).toBeNull();
    expect(parseColumnChoice('radgraph,bleu,green', columns)).toBeNull();
  });

  it('writes keys in column order, and nothing for every column', () => {
    expect(columnChoiceParam(new Set(['radgraph', 'bleu']), columns)).toBe('bleu,radgraph');
    expect(columnChoiceParam(new Set(['bleu', 'green', 'radgraph']), columns)).toBeUndefined();
    expect(columnChoiceParam(null, columns)).toBeUndefined();
  });
});

describe('tabGrid', () => {
  const tab = (trackSlug: string, testSetSlug: string): BoardTab => ({
    trackSlug,
    trackName: trackSlug.toUpperCase(),
    testSetSlug,
    testSetName: testSetSlug,
    entryCount: 3,
  });
  const tabs = [
    tab('findings', 'mimic'),
    tab('findings', 'iu'),
    tab('both', 'mimic'),
    tab('both', 'iu'),
    tab('both', 'extra'),
  ];

  it('is a choice of track, then of the current track’s test sets, keeping the test set across tracks', () => {
    const grid = tabGrid(tabs, 'findings', 'iu')!;
    expect(grid.tracks).toEqual([
      { slug: 'findings', name: 'FINDINGS' },
      { slug: 'both', name: 'BOTH' },
    ]);
    expect(grid.testSets.map((t) => t.testSetSlug)).toEqual(['mimic', 'iu']);
    expect(grid.trackTab('both')).toMatchObject({ trackSlug: 'both', testSetSlug: 'iu' });
  });

  it('falls back to the first test set of a track without the current one, and is null for one track', () => {
    expect(tabGrid(tabs, 'both', 'extra')!.trackTab('findings').testSetSlug).toBe('mimic');
    expect(tabGrid(tabs.slice(0, 2), 'findings', 'iu')).toBeNull();
  });
});
