import { describeMetric } from '@medrank/metrics/catalog';
import { describe, expect, it } from 'vitest';
import type { BoardView, InferenceTiming } from '../dto.js';
import {
  resolveTab,
  type BenchmarkSource,
  type SourceRow,
  type TestSetSource,
  type TrackSource,
} from './board-source.js';
import { buildBoardView, type BoardViewQuery } from './build-board-view.js';

// Hand-built boards: a segmentation track ranked on Dice (higher is better) with HD95 (lower is
// better) beside it, as the metrics catalog describes them.

const NOW = new Date('2026-06-01T12:00:00Z');

function testSet(overrides: Partial<TestSetSource> = {}): TestSetSource {
  return {
    id: 'ts-1',
    slug: 'test',
    name: 'Test',
    description: '',
    caseCount: 100,
    currentVersion: 1,
    rankedVersion: 1,
    visibility: 'PUBLIC',
    rankedAt: null,
    categoryDimensions: [],
    rescore: null,
    entryCount: 0,
    ...overrides,
  };
}

function track(overrides: Partial<TrackSource> = {}): TrackSource {
  return {
    id: 'tr-1',
    slug: 'main',
    name: 'Main',
    description: '',
    taskType: 'segmentation',
    taskConfig: {},
    metrics: ['dice', 'hd95'],
    primaryMetric: 'dice',
    reportedMetrics: [],
    testSets: [testSet()],
    ...overrides,
  };
}

interface RowSpec {
  dice?: number | null;
  hd95?: number | null;
  extra?: Record<string, number>;
  team?: string;
  date?: string;
  method?: string;
  baseline?: string;
  disqualified?: boolean;
  openWeights?: boolean | null;
  decimals?: number;
  stats?: SourceRow['rankStats'];
  inference?: InferenceTiming;
}

function scoresOf({ dice, hd95, extra }: RowSpec): SourceRow['scores'] {
  const scores: SourceRow['scores'] = {};
  if (dice !== undefined) scores.dice = { value: dice, ciLow: null, ciHigh: null };
  if (hd95 !== undefined) scores.hd95 = { value: hd95, ciLow: null, ciHigh: null };
  for (const [key, value] of Object.entries(extra ?? {}))
    scores[key] = { value, ciLow: null, ciHigh: null };
  return scores;
}

function verified(id: string, spec: RowSpec = {}): SourceRow {
  const team = spec.team ?? `team-${id}`;
  const date = spec.date ?? '2026-01-01T00:00:00.000Z';
  const method = spec.method ?? `Method ${id}`;
  const moderation = spec.disqualified ? 'DISQUALIFIED' : 'VISIBLE';
  return {
    kind: 'verified',
    id,
    methodName: method,
    modelSlug: null,
    team: { slug: team, name: `Team ${team}` },
    institution: null,
    date,
    sortDate: date,
    scoreDecimals: spec.decimals ?? 4,
    openWeights: spec.openWeights ?? false,
    baselineKind: spec.baseline ?? null,
    moderation,
    moderationReason: spec.disqualified ? 'broke the rules' : null,
    sourceUrl: null,
    codeUrl: null,
    paperUrl: null,
    scores: scoresOf(spec),
    inference: spec.inference ?? null,
    rankStats: spec.stats ?? {},
    isRankable: moderation === 'VISIBLE' && spec.baseline === undefined,
    haystack: `${method}\u0000Team ${team}`.toLowerCase(),
  };
}

function reported(
  id: string,
  spec: RowSpec & { institution?: string; reportedDate?: string | null } = {},
): SourceRow {
  const method = spec.method ?? `Paper ${id}`;
  const reportedDate = spec.reportedDate === undefined ? '2024' : spec.reportedDate;
  return {
    kind: 'reported',
    id,
    methodName: method,
    modelSlug: null,
    team: null,
    institution: spec.institution ?? null,
    date: reportedDate,
    sortDate:
      reportedDate === null
        ? ''
        : /^\d{4}$/.test(reportedDate)
          ? `${reportedDate}-01-01`
          : reportedDate,
    scoreDecimals: null,
    openWeights: spec.openWeights ?? null,
    baselineKind: spec.baseline ?? null,
    moderation: spec.disqualified ? 'DISQUALIFIED' : 'VISIBLE',
    moderationReason: null,
    sourceUrl: null,
    codeUrl: null,
    paperUrl: null,
    scores: scoresOf(spec),
    inference: null,
    rankStats: {},
    isRankable: false,
    haystack: `${method}\u0000${spec.institution ?? ''}`.toLowerCase(),
  };
}

function benchmark(
  tr: TrackSource = track(),
  phases: BenchmarkSource['phases'] = [],
): BenchmarkSource {
  return {
    id: 'b-1',
    slug: 'bench',
    title: 'Bench',
    summary: '',
    taskType: 'segmentation',
    status: 'PUBLISHED',
    minCategorySize: 5,
    phases,
    tracks: [tr],
  };
}

function build(
  rows: { verified?: SourceRow[]; reported?: SourceRow[] },
  query: BoardViewQuery = {},
  {
    tr = track(),
    phases = [],
    now = NOW,
  }: { tr?: TrackSource; phases?: BenchmarkSource['phases']; now?: Date } = {},
): BoardView {
  const b = benchmark(tr, phases);
  return buildBoardView(
    {
      benchmark: b,
      track: tr,
      testSet: tr.testSets[0]!,
      rows: { verified: rows.verified ?? [], reported: rows.reported ?? [] },
    },
    query,
    now,
  );
}

const ids = (view: BoardView) => view.entries.map((e) => e.id);
const ranks = (view: BoardView) => view.entries.map((e) => [e.id, e.rank]);

describe('buildBoardView: sort', () => {
  it('sorts on the primary metric in its better direction, read from the metrics catalog', () => {
    const view = build({
      verified: [
        verified('a', { dice: 0.7 }),
        verified('b', { dice: 0.9 }),
        verified('c', { dice: 0.8 }),
      ],
    });
    expect(describeMetric('dice').higherIsBetter).toBe(true);
    expect(view.sort).toEqual({ metric: 'dice', dir: 'desc' });
    expect(ids(view)).toEqual(['b', 'c', 'a']);
  });

  it('a lower-is-better metric (HD95, per-label HD95 too) sorts ascending by default', () => {
    expect(describeMetric('hd95').higherIsBetter).toBe(false);
    const rows = [
      verified('a', { hd95: 3 }),
      verified('b', { hd95: 1 }),
      verified('c', { hd95: 2 }),
    ];
    const view = build({ verified: rows }, { sort: 'hd95' });
    expect(view.sort).toEqual({ metric: 'hd95', dir: 'asc' });
    expect(view.columns.find((c) => c.key === 'hd95')?.higherIsBetter).toBe(false);
    expect(ids(view)).toEqual(['b', 'c', 'a']);
    expect(ranks(view)).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);

    const perLabel = track({ metrics: ['hd95:lesion'], primaryMetric: 'hd95:lesion' });
    const labelled = [
      verified('x', { extra: { 'hd95:lesion': 9 } }),
      verified('y', { extra: { 'hd95:lesion': 4 } }),
    ];
    const view2 = build({ verified: labelled }, {}, { tr: perLabel });
    expect(view2.sort).toEqual({ metric: 'hd95:lesion', dir: 'asc' });
    expect(ids(view2)).toEqual(['y', 'x']);
  });

  it('an explicit direction wins; an unknown sort key falls back to the primary metric', () => {
    const rows = [verified('a', { dice: 0.7 }), verified('b', { dice: 0.9 })];
    expect(ids(build({ verified: rows }, { dir: 'asc' }))).toEqual(['a', 'b']);
    const unknown = build({ verified: rows }, { sort: 'nope' });
    expect(unknown.sort).toEqual({ metric: 'dice', dir: 'desc' });
  });

  it('rows without a value sort last whichever the direction', () => {
    const rows = [
      verified('none', { dice: null }),
      verified('missing', {}),
      verified('lo', { dice: 0.1 }),
      verified('hi', { dice: 0.9 }),
    ];
    expect(ids(build({ verified: rows }, { dir: 'desc' }))).toEqual([
      'hi',
      'lo',
      'missing',
      'none',
    ]);
    expect(ids(build({ verified: rows }, { dir: 'asc' }))).toEqual(['lo', 'hi', 'missing', 'none']);
    // They rank after every row with a value, sharing one rank (rankEntries).
    expect(ranks(build({ verified: rows }))).toEqual([
      ['hi', 1],
      ['lo', 2],
      ['missing', 3],
      ['none', 3],
    ]);
  });

  it('disqualified rows go last, even with the best value', () => {
    const rows = [
      verified('dq', { dice: 0.99, disqualified: true }),
      verified('ok', { dice: 0.1 }),
      verified('none', {}),
    ];
    expect(ids(build({ verified: rows }))).toEqual(['ok', 'none', 'dq']);
  });

  it('ties: verified before reported, then the earlier date, then the smaller id', () => {
    const view = build({
      verified: [
        verified('v-late', { dice: 0.8, date: '2026-03-01T00:00:00.000Z' }),
        verified('v-b', { dice: 0.8, date: '2026-02-01T00:00:00.000Z' }),
        verified('v-a', { dice: 0.8, date: '2026-02-01T00:00:00.000Z' }),
      ],
      reported: [reported('r-early', { dice: 0.8, reportedDate: '2020' })],
    });
    expect(ids(view)).toEqual(['v-a', 'v-b', 'v-late', 'r-early']);
    // The same order whatever order the loader returned the rows in.
    const reversed = build({
      verified: [
        verified('v-a', { dice: 0.8, date: '2026-02-01T00:00:00.000Z' }),
        verified('v-b', { dice: 0.8, date: '2026-02-01T00:00:00.000Z' }),
        verified('v-late', { dice: 0.8, date: '2026-03-01T00:00:00.000Z' }),
      ],
      reported: [reported('r-early', { dice: 0.8, reportedDate: '2020' })],
    });
    expect(ids(reversed)).toEqual(ids(view));
  });
});

describe('buildBoardView: rank', () => {
  it('competition rank: ties share a rank, the next one skips ("1, 2, 2, 4")', () => {
    const view = build({
      verified: [
        verified('a', { dice: 0.9 }),
        verified('b', { dice: 0.8, date: '2026-01-02T00:00:00.000Z' }),
        verified('c', { dice: 0.8, date: '2026-01-01T00:00:00.000Z' }),
        verified('d', { dice: 0.7 }),
      ],
    });
    expect(ranks(view)).toEqual([
      ['a', 1],
      ['c', 2],
      ['b', 2],
      ['d', 4],
    ]);
  });

  it('reported rows, baselines and disqualified rows have no rank and do not take one', () => {
    const view = build({
      verified: [
        verified('base', { dice: 0.95, baseline: 'reference' }),
        verified('dq', { dice: 0.99, disqualified: true }),
        verified('a', { dice: 0.9 }),
        verified('b', { dice: 0.5 }),
      ],
      reported: [reported('paper', { dice: 0.97 })],
    });
    expect(ranks(view)).toEqual([
      ['paper', null],
      ['base', null],
      ['a', 1],
      ['b', 2],
      ['dq', null],
    ]);
  });

  it('ranks are the whole board’s: a filter keeps every row’s rank', () => {
    const rows = [
      verified('a', { dice: 0.9 }),
      verified('b', { dice: 0.8, method: 'Needle' }),
      verified('c', { dice: 0.7 }),
    ];
    expect(ranks(build({ verified: rows }, { q: 'needle' }))).toEqual([['b', 2]]);
  });

  it('no rank on a metric only reported results have, nor on a board of reported results only', () => {
    const tr = track({ reportedMetrics: [{ key: 'f1', label: 'F1' }] });
    const view = build(
      {
        verified: [verified('a', { dice: 0.9, extra: { f1: 0.5 } })],
        reported: [reported('p', { extra: { f1: 0.7 } })],
      },
      { sort: 'f1' },
      { tr },
    );
    expect(view.sort).toEqual({ metric: 'f1', dir: 'desc' });
    expect(ranks(view)).toEqual([
      ['p', null],
      ['a', null],
    ]);
    expect(build({ reported: [reported('p', { dice: 0.9 })] }).entries[0]?.rank).toBeNull();
  });

  it('rank interval, tier and P(best) of the sort metric, for rankable rows only', () => {
    const stats = {
      dice: { rankLow: 1, rankHigh: 2, tier: 1, pBest: 0.7 },
      hd95: { rankLow: 2, rankHigh: 3, tier: 2, pBest: 0.1 },
    };
    const rows = [
      verified('a', { dice: 0.9, hd95: 2, stats }),
      verified('base', { dice: 0.5, hd95: 9, baseline: 'reference', stats }),
    ];
    const byDice = build({ verified: rows });
    expect(byDice.entries[0]).toMatchObject({ rankInterval: [1, 2], tier: 1, pBest: 0.7 });
    expect(byDice.entries[1]).toMatchObject({ rankInterval: null, tier: null, pBest: null });
    const byHd95 = build({ verified: rows }, { sort: 'hd95' });
    expect(byHd95.entries[0]).toMatchObject({ id: 'a', rankInterval: [2, 3], tier: 2, pBest: 0.1 });
  });

  it('51 rows: every row is returned with its global rank (pages are cut by the web, not here)', () => {
    const rows = Array.from({ length: 51 }, (_, i) =>
      verified(`e${String(i).padStart(2, '0')}`, { dice: 1 - i / 100 }),
    );
    const view = build({ verified: rows.slice().reverse() });
    expect(view.entries).toHaveLength(51);
    expect(view.entries.map((e) => e.rank)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(view.entries.at(-1)).toMatchObject({ id: 'e50', rank: 51 });
  });
});

describe('buildBoardView: best per team', () => {
  const rows = [
    verified('a-low', { team: 'a', dice: 0.6 }),
    verified('a-best-late', { team: 'a', dice: 0.9, date: '2026-02-01T00:00:00.000Z' }),
    verified('a-best-early', { team: 'a', dice: 0.9, date: '2026-01-15T00:00:00.000Z' }),
    verified('a-dq', { team: 'a', dice: 0.99, disqualified: true }),
    verified('b-none', { team: 'b' }),
    verified('b-some', { team: 'b', dice: 0.1 }),
    verified('c-dq', { team: 'c', dice: 0.5, disqualified: true }),
    verified('a-base', { team: 'a', dice: 0.3, baseline: 'reference' }),
  ];

  it('keeps each team’s best on the sort metric, the earliest on a tie; baselines and reported rows stay', () => {
    const view = build(
      { verified: rows, reported: [reported('p', { dice: 0.4 })] },
      { view: 'best' },
    );
    expect(ids(view)).toEqual(['a-best-early', 'p', 'a-base', 'b-some', 'c-dq']);
    // Ranks stay those of the whole board.
    expect(ranks(view)).toContainEqual(['b-some', 4]);
  });

  it('on the same date the smaller id wins, whatever the loader’s order', () => {
    const same = '2026-01-01T00:00:00.000Z';
    const tie = [
      verified('t-2', { team: 't', dice: 0.5, date: same }),
      verified('t-1', { team: 't', dice: 0.5, date: same }),
    ];
    expect(ids(build({ verified: tie }, { view: 'best' }))).toEqual(['t-1']);
    expect(ids(build({ verified: tie.slice().reverse() }, { view: 'best' }))).toEqual(['t-1']);
  });

  it('follows the sort metric and its direction (lowest HD95)', () => {
    const team = [
      verified('x', { team: 't', dice: 0.9, hd95: 5 }),
      verified('y', { team: 't', dice: 0.5, hd95: 2 }),
    ];
    expect(ids(build({ verified: team }, { view: 'best' }))).toEqual(['x']);
    expect(ids(build({ verified: team }, { view: 'best', sort: 'hd95' }))).toEqual(['y']);
  });
});

describe('buildBoardView: filters', () => {
  const rows = {
    verified: [
      verified('open-jan', {
        dice: 0.9,
        team: 'lab',
        method: 'UNet Large',
        openWeights: true,
        date: '2026-01-10T08:00:00.000Z',
      }),
      verified('closed-mar', {
        dice: 0.8,
        team: 'lab',
        method: 'UNet Small',
        date: '2026-03-10T08:00:00.000Z',
      }),
      verified('open-other', {
        dice: 0.7,
        team: 'other',
        method: 'ViT',
        openWeights: true,
        date: '2026-01-20T08:00:00.000Z',
      }),
    ],
    reported: [
      reported('paper-2024', {
        dice: 0.85,
        method: 'UNet++',
        institution: 'Lab University',
        openWeights: true,
        reportedDate: '2024',
      }),
      reported('paper-undated', { dice: 0.6, method: 'Old UNet', reportedDate: null }),
    ],
  };

  it('kind', () => {
    expect(ids(build(rows, { kind: 'verified' }))).toEqual([
      'open-jan',
      'closed-mar',
      'open-other',
    ]);
    expect(ids(build(rows, { kind: 'reported' }))).toEqual(['paper-2024', 'paper-undated']);
  });

  it('text in method, team name or institution, trimmed and case-insensitive', () => {
    expect(ids(build(rows, { q: '  unet ' }))).toEqual([
      'open-jan',
      'paper-2024',
      'closed-mar',
      'paper-undated',
    ]);
    expect(ids(build(rows, { q: 'TEAM OTHER' }))).toEqual(['open-other']);
    expect(ids(build(rows, { q: 'university' }))).toEqual(['paper-2024']);
  });

  it('team leaves reported rows out; open weights matches exactly', () => {
    expect(ids(build(rows, { team: 'lab' }))).toEqual(['open-jan', 'closed-mar']);
    expect(ids(build(rows, { openWeights: true }))).toEqual([
      'open-jan',
      'paper-2024',
      'open-other',
    ]);
    expect(ids(build(rows, { openWeights: false }))).toEqual(['closed-mar']);
  });

  it('from/to are inclusive days; a reported year is its 1 January; undated rows are left out', () => {
    expect(ids(build(rows, { from: '2026-01-10', to: '2026-01-20T23:59:59Z' }))).toEqual([
      'open-jan',
      'open-other',
    ]);
    expect(ids(build(rows, { to: '2024-01-01' }))).toEqual(['paper-2024']);
    expect(ids(build(rows, { from: '2000-01-01' }))).not.toContain('paper-undated');
  });

  it('combined: open weights, text and dates, on the best per team', () => {
    const view = build(rows, { openWeights: true, q: 'unet', from: '2025-01-01', view: 'best' });
    expect(ids(view)).toEqual(['open-jan']);
    expect(view.entries[0]?.rank).toBe(1);
    const none = build(rows, { team: 'lab', kind: 'reported' });
    expect(none.entries).toEqual([]);
  });
});

describe('buildBoardView: release rule and columns', () => {
  const hiddenTrack = track({ testSets: [testSet({ visibility: 'HIDDEN_UNTIL_CLOSE' })] });
  const phases = [
    { opensAt: new Date('2026-01-01T00:00:00Z'), closesAt: new Date('2026-07-01T00:00:00Z') },
  ];
  const stats = { dice: { rankLow: 1, rankHigh: 1, tier: 1, pBest: 1 } };
  const inference: InferenceTiming = { kind: 'onnx', meanMs: 12.3, p50Ms: 11.9, p95Ms: 20.4 };
  const rows = {
    verified: [verified('a', { dice: 0.5, stats, inference }), verified('b', { dice: 0.9 })],
    reported: [reported('p', { dice: 0.7 })],
  };

  it('before the last phase closes (at `now`), verified rows carry no numbers, rank, statistics or run time', () => {
    const view = build(rows, {}, { tr: hiddenTrack, phases });
    expect(view.testSet).toMatchObject({
      scoresHidden: true,
      releaseAt: '2026-07-01T00:00:00.000Z',
    });
    // Reported numbers stay public and sort first; verified rows keep their loader's date order.
    expect(ids(view)).toEqual(['p', 'a', 'b']);
    for (const e of view.entries.filter((r) => r.kind === 'verified'))
      expect(e).toMatchObject({
        scores: {},
        rank: null,
        rankInterval: null,
        tier: null,
        pBest: null,
        inference: null,
      });
  });

  it('after it closes, the same rows are ranked and show their run time', () => {
    const view = build(
      rows,
      {},
      { tr: hiddenTrack, phases, now: new Date('2026-07-01T00:00:00Z') },
    );
    expect(view.testSet).toMatchObject({ scoresHidden: false, releaseAt: null });
    expect(view.entries.map((e) => [e.id, e.inference])).toEqual([
      ['b', null],
      ['p', null],
      ['a', inference],
    ]);
    expect(ranks(view)).toEqual([
      ['b', 1],
      ['p', null],
      ['a', 2],
    ]);
  });

  it('columns: catalog metrics then reported-only ones; decimals capped by the most precise stated precision', () => {
    const tr = track({
      reportedMetrics: [
        { key: 'dice' },
        { key: 'f1', label: 'F1', decimals: 1, description: 'F one' },
      ],
    });
    const view = build(
      {
        verified: [
          verified('a', { dice: 0.9, decimals: 2 }),
          verified('b', { dice: 0.8, decimals: 1 }),
        ],
      },
      {},
      { tr },
    );
    expect(view.testSet.scoreDecimals).toEqual([1, 2]);
    expect(
      view.columns.map((c) => [c.key, c.label, c.decimals, c.higherIsBetter, c.computed]),
    ).toEqual([
      ['dice', describeMetric('dice').label, 2, true, true],
      ['hd95', describeMetric('hd95').label, 2, false, true],
      ['f1', 'F1', 1, true, false],
    ]);
  });

  it('a percent metric loses two stored decimals to the percentage', () => {
    const tr = track({ taskConfig: { metricDisplay: { dice: { percent: true } } } });
    const view = build({ verified: [verified('a', { dice: 0.9, decimals: 3 })] }, {}, { tr });
    expect(view.columns[0]).toMatchObject({ key: 'dice', percent: true, decimals: 1 });
  });

  it('tabs list every track × test set with its entry count; resolveTab picks the named one', () => {
    const tr = track({
      testSets: [
        testSet(),
        testSet({ id: 'ts-2', slug: 'val', name: 'Validation', entryCount: 7 }),
      ],
    });
    const view = build({}, {}, { tr });
    expect(view.tabs).toEqual([
      {
        trackSlug: 'main',
        trackName: 'Main',
        testSetSlug: 'test',
        testSetName: 'Test',
        entryCount: 0,
      },
      {
        trackSlug: 'main',
        trackName: 'Main',
        testSetSlug: 'val',
        testSetName: 'Validation',
        entryCount: 7,
      },
    ]);
    const b = benchmark(tr);
    expect(resolveTab(b)?.testSet.slug).toBe('test');
    expect(resolveTab(b, 'main', 'val')?.testSet.slug).toBe('val');
    expect(resolveTab(b, 'main', 'nope')).toBeNull();
    expect(resolveTab(b, 'nope')).toBeNull();
  });

  it('is pure: the same input gives the same view and the input rows are left as they were', () => {
    const input = { verified: [verified('a', { dice: 0.5 }), verified('b', { dice: 0.9 })] };
    const before = structuredClone(input);
    expect(build(input, { view: 'best' })).toEqual(build(input, { view: 'best' }));
    expect(input).toEqual(before);
  });
});
