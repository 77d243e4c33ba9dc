// Board views for unit tests of the leaderboard feature (not imported by the app).
import type { BoardRow, BoardView } from './board-types';

export const row = (overrides: Partial<BoardRow>): BoardRow => ({
  kind: 'verified',
  id: 'sub1',
  rank: 1,
  rankInterval: [1, 2],
  tier: 1,
  pBest: 0.7,
  methodName: 'UNet',
  modelSlug: null,
  team: { slug: 'lab', name: 'Lab' },
  institution: null,
  date: '2025-01-02T00:00:00.000Z',
  openWeights: true,
  baselineKind: null,
  moderation: 'VISIBLE',
  moderationReason: null,
  sourceUrl: null,
  codeUrl: null,
  paperUrl: null,
  scores: { dice: { value: 0.81, ciLow: 0.79, ciHigh: 0.83 } },
  ...overrides,
});

export const view = (entries: BoardRow[]): BoardView => ({
  benchmark: {
    slug: 'brats',
    title: 'BraTS',
    summary: '',
    taskType: 'segmentation',
    status: 'PUBLISHED',
    minCategorySize: 20,
  },
  tabs: [],
  track: {
    slug: 'seg',
    name: 'Seg',
    description: '',
    primaryMetric: 'dice',
    taskType: 'segmentation',
  },
  testSet: {
    slug: 'test',
    name: 'Test',
    description: '',
    caseCount: 100,
    currentVersion: 2,
    rankedVersion: 2,
    visibility: 'PUBLIC',
    scoresHidden: false,
    rankedAt: null,
    categoryDimensions: [],
    rescore: null,
  },
  columns: [
    {
      key: 'dice',
      label: 'Dice',
      higherIsBetter: true,
      decimals: 3,
      definition: '',
      computed: true,
    },
  ],
  sort: { metric: 'dice', dir: 'desc' },
  entries,
});
