import type { PhaseWindow } from '@medrank/core';
import type { BoardRescore, BoardRow } from '../dto.js';

// What a board is built from: the benchmark's tracks and test sets, and one test set's rows, as
// the loaders (repositories/board-loaders.ts) read them. Plain data, no decisions: which rows
// show, in which order, with which rank and columns is buildBoardView's business.

export interface ReportedMetricConfig {
  key: string;
  label?: string;
  higherIsBetter?: boolean;
  decimals?: number;
  description?: string;
}

export interface TestSetSource {
  id: string;
  slug: string;
  name: string;
  description: string;
  caseCount: number;
  currentVersion: number;
  rankedVersion: number;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  rankedAt: string | null;
  categoryDimensions: string[];
  rescore: BoardRescore | null;
  entryCount: number;
}

export interface TrackSource {
  id: string;
  slug: string;
  name: string;
  description: string;
  taskType: string;
  taskConfig: Record<string, unknown>;
  metrics: string[];
  primaryMetric: string;
  reportedMetrics: ReportedMetricConfig[];
  testSets: TestSetSource[];
}

export interface BenchmarkSource {
  id: string;
  slug: string;
  title: string;
  summary: string;
  taskType: string;
  status: 'DRAFT' | 'PUBLISHED';
  minCategorySize: number;
  /** The release rule of hidden-until-close test sets reads them (with a `now`). */
  phases: PhaseWindow[];
  tracks: TrackSource[];
}

/** One board row before filtering and sorting; `sortDate` orders ties and date filters. */
export interface SourceRow extends Omit<BoardRow, 'rank' | 'rankInterval' | 'tier' | 'pBest'> {
  sortDate: string;
  /** Stated precision of a verified entry's phase (null for reported rows). */
  scoreDecimals: number | null;
  /** Visible, non-baseline and verified: the entries ranks and rank statistics count. */
  isRankable: boolean;
  rankStats: Record<string, { rankLow: number; rankHigh: number; tier: number; pBest: number }>;
  /** Lower-cased text the board's search looks in (method and team, or model and institution). */
  haystack: string;
}

export interface TestSetRows {
  verified: SourceRow[];
  reported: SourceRow[];
}

/** The tab a query names (default: the first track, its first test set); null when unknown. */
export function resolveTab(benchmark: BenchmarkSource, trackSlug?: string, testSetSlug?: string) {
  const track = trackSlug
    ? benchmark.tracks.find((t) => t.slug === trackSlug)
    : benchmark.tracks[0];
  if (!track) return null;
  const testSet = testSetSlug
    ? track.testSets.find((s) => s.slug === testSetSlug)
    : track.testSets[0];
  if (!testSet) return null;
  return { track, testSet };
}
