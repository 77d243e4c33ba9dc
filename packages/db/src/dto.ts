import type { FileIssue, ScoreRestriction } from '@medrank/core';

// Plain objects handed out by the repositories: no Prisma types leak past packages/db.

export type SubmissionStatus =
  'QUEUED' | 'VALIDATING' | 'SCORING' | 'SCORED' | 'FAILED' | 'CANCELLED';
export const FINAL_STATUSES: readonly SubmissionStatus[] = ['SCORED', 'FAILED', 'CANCELLED'];

/** What a submission's blob is: a predictions file, an ONNX model, or an endpoint's registration. */
export type SubmissionKind = 'PREDICTIONS' | 'ONNX_MODEL' | 'ENDPOINT';

export interface SubmissionError {
  message: string;
  issues: FileIssue[];
  /** Total number of issues found; `issues` holds the first ones only. */
  issueCount: number;
  /** Why, for failures that are not problems in the file (absent: the file had `issues`, or an unexpected error). */
  code?: 'NEAR_DUPLICATE';
  /** With code NEAR_DUPLICATE: the earlier submission it repeats and the numbers of the rule. */
  nearDuplicate?: {
    submissionId: string;
    methodName: string;
    submittedAt: string;
    changedCases: number;
    minChangedCases: number;
    caseCount: number;
  };
}

export interface ScoreDto {
  metric: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}

export interface BreakdownDto {
  dimension: string;
  category: string;
  metric: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}

/**
 * Why participants do not see an evaluation's numbers (the release rule of @medrank/core), with
 * what the submitting team may be told: for a Ladder withholding, the team's best released value
 * on the primary metric (never the withheld one) and the margin it had to beat.
 */
export type EvaluationRestriction =
  | { kind: 'hidden-until-close'; releaseAt: string | null }
  | {
      kind: 'withheld-by-ladder';
      metric: string;
      margin: number;
      /** The team's best released value on the test set in the phase (null: none has a value). */
      bestReleased: number | null;
      /** The phase's stated precision, to print the two numbers with. */
      scoreDecimals: number;
    };

export interface EvaluationDto {
  testSetId: string;
  testSetSlug: string;
  testSetName: string;
  evaluatorVersion: number;
  caseCount: number;
  durationMs: number;
  /** Null when everyone may see the numbers. */
  restriction: EvaluationRestriction | null;
  /**
   * False when the numbers are left out for this viewer (a restriction, and the viewer is not a
   * curator of the benchmark): then scores, breakdowns and notes are empty.
   */
  scoresShown: boolean;
  scores: ScoreDto[];
  breakdowns: BreakdownDto[];
  notes: string[];
}

export interface SubmissionDto {
  id: string;
  status: SubmissionStatus;
  progress: number;
  methodName: string;
  description: string | null;
  fileName: string;
  fileBytes: number;
  sha256: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  team: { id: string; slug: string; name: string };
  benchmark: { slug: string; title: string };
  track: { slug: string; name: string; metrics: string[]; primaryMetric: string };
  error: SubmissionError | null;
  evaluations: EvaluationDto[];
}

export interface TeamDto {
  id: string;
  slug: string;
  name: string;
  role: 'OWNER' | 'MEMBER';
}

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'curator' | 'user';
}

export interface TestSetDto {
  id: string;
  slug: string;
  name: string;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  evaluatorVersion: number;
  bootstrapSeed: number;
  caseCount: number;
}

export interface TrackDto {
  id: string;
  slug: string;
  name: string;
  taskType: string;
  taskConfig: Record<string, unknown>;
  metrics: string[];
  primaryMetric: string;
  testSets: TestSetDto[];
}

export interface BenchmarkSummaryDto {
  slug: string;
  title: string;
  summary: string;
  taskType: string;
  /** Every task type of its tracks, in track order. */
  taskTypes: string[];
  modality: string | null;
  bodyRegion: string | null;
  license: string | null;
  caseCount: number;
  /** Entries its board lists as it opens (default tab): verified and reported. */
  entryCount: number;
  /** Of those, verified entries (scored here, not reported). */
  verifiedEntryCount: number;
  updatedAt: string;
}

export interface BenchmarkDto extends BenchmarkSummaryDto {
  id: string;
  description: string;
  citation: string | null;
  paperUrl: string | null;
  dataUrl: string | null;
  status: 'DRAFT' | 'PUBLISHED';
  tracks: TrackDto[];
  openPhase: {
    id: string;
    name: string;
    dailyQuota: number;
    totalQuota: number | null;
    /** The phase's stated precision and Ladder margin (null: no Ladder), told to submitters. */
    scoreDecimals: number;
    ladderMargin: number | null;
    /** Submitting needs a curator's approval of the person (phase_participants). */
    requiresApproval: boolean;
  } | null;
}

// ───────────────────────── boards (read model of issue 5) ─────────────────────────

export type BoardSortDirection = 'asc' | 'desc';
export type BoardRowKind = 'verified' | 'reported';

export interface BoardQuery {
  slug: string;
  track?: string;
  testSet?: string;
  /** Metric key; default the track's primary metric. */
  sort?: string;
  /** Default: the sort metric's better direction first. */
  dir?: BoardSortDirection;
  /** 'best': each team's best verified entry on the sort metric; default 'all'. */
  view?: 'best' | 'all';
  /** Case-insensitive text in method name, team name or institution. */
  q?: string;
  /** Team slug (reported rows have no team and are left out when set). */
  team?: string;
  openWeights?: boolean;
  /** ISO dates (inclusive); a reported year "2024" counts as 2024-01-01. */
  from?: string;
  to?: string;
  kind?: BoardRowKind | 'all';
}

export interface BoardViewer {
  userId: string;
  role: string;
}

export interface BoardScore {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * A model or endpoint run's inference time per case over the whole run (every test set of its
 * track), rounded to 0.1 ms: what the board's efficiency column shows. Never per case or per test
 * set. `onnx`: the model on MedRank's sandbox; `endpoint`: the endpoint's round trip.
 */
export interface InferenceTiming {
  kind: 'onnx' | 'endpoint';
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** The whole summary a run stores (Submission.inference), as its submitter sees it. */
export interface InferenceSummaryDto extends InferenceTiming {
  cases: number;
  totalMs: number;
}

export type EndpointFailureKind =
  'timeout' | 'http' | 'network' | 'unparseable' | 'budget' | 'inputs';

/**
 * An endpoint run's report (Submission.runReport), for the submitting team only: requests sent,
 * retries, cases without a usable answer, and the first of them (at most 200) with the kind of
 * failure and what the endpoint itself answered. Never holds ground truth.
 */
export interface EndpointRunReportDto {
  requests: number;
  retries: number;
  failureCount: number;
  failures: { caseId: string; kind: EndpointFailureKind; detail: string }[];
}

/** What a model or endpoint run of a submission left for its submitter; both null for files. */
export interface SubmissionRunDto {
  inference: InferenceSummaryDto | null;
  runReport: EndpointRunReportDto | null;
}

export interface BoardRow {
  kind: BoardRowKind;
  /** Submission id (verified) or reported entry id. */
  id: string;
  /** Competition rank among visible, non-baseline verified entries on the sort metric (ties share, missing last). */
  rank: number | null;
  /** 95% rank interval from the paired bootstrap (RankStat of the sort metric). */
  rankInterval: [number, number] | null;
  /** 1 + number of entries significantly better (Holm-corrected paired bootstrap, α = 0.05). */
  tier: number | null;
  pBest: number | null;
  methodName: string;
  modelSlug: string | null;
  team: { slug: string; name: string } | null;
  institution: string | null;
  /** Verified: submission time (ISO); reported: the date as published ("2024" or "2024-05-01"). */
  date: string | null;
  openWeights: boolean | null;
  baselineKind: string | null;
  moderation: 'VISIBLE' | 'DISQUALIFIED';
  moderationReason: string | null;
  sourceUrl: string | null;
  codeUrl: string | null;
  paperUrl: string | null;
  /** Reported rows never have ciLow/ciHigh. */
  scores: Record<string, BoardScore>;
  /** The entry's model or endpoint run (verified rows); null for prediction files and reported rows. */
  inference: InferenceTiming | null;
}

export interface BoardColumn {
  key: string;
  label: string;
  higherIsBetter: boolean;
  /** Decimals shown: of the percentage when `percent`. */
  decimals: number;
  /** Shown as value × 100 with a % sign (the track's `metricDisplay`); values stay fractions. */
  percent: boolean;
  definition: string;
  /** How this track computes it when that varies by track, e.g. "PTB, lower-cased" (text normalization); null otherwise. */
  qualifier: string | null;
  /** true: MedRank computes it; false: only reported results carry it. */
  computed: boolean;
}

export interface BoardTab {
  trackSlug: string;
  trackName: string;
  testSetSlug: string;
  testSetName: string;
  /** Visible (not hidden) verified entries at the ranked version plus visible reported entries. */
  entryCount: number;
}

export interface BoardRescore {
  version: number;
  done: number;
  total: number;
  failed: number;
  status: 'RUNNING' | 'DONE';
}

export interface BoardView {
  benchmark: {
    slug: string;
    title: string;
    summary: string;
    taskType: string;
    status: 'DRAFT' | 'PUBLISHED';
    minCategorySize: number;
  };
  tabs: BoardTab[];
  track: {
    slug: string;
    name: string;
    description: string;
    primaryMetric: string;
    taskType: string;
  };
  testSet: {
    slug: string;
    name: string;
    description: string;
    caseCount: number;
    currentVersion: number;
    rankedVersion: number;
    visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
    /** Verified numbers are withheld for everyone (the release rule: hidden until close). */
    scoresHidden: boolean;
    /** When hidden scores are shown (the last phase's close); null when shown or undated. */
    releaseAt: string | null;
    /**
     * Stated precisions (decimals) the verified entries were stored at, ascending: one value
     * unless the board mixes phases with different precisions; empty without verified entries.
     */
    scoreDecimals: number[];
    rankedAt: string | null;
    categoryDimensions: string[];
    /** The latest rescore run above the ranked version (RUNNING), or the one that produced it. */
    rescore: BoardRescore | null;
  };
  columns: BoardColumn[];
  sort: { metric: string; dir: BoardSortDirection };
  entries: BoardRow[];
}

export interface BoardHistoryPoint {
  date: string;
  value: number;
  kind: BoardRowKind;
  id: string;
  methodName: string;
  /** Better than every earlier point (the state of the art at that date). */
  isRecord: boolean;
}

export interface BoardHistory {
  trackSlug: string;
  testSetSlug: string;
  metric: string;
  higherIsBetter: boolean;
  rankedVersion: number;
  scoresHidden: boolean;
  /** Oldest first; verified and reported entries (visible, non-baseline) with a value. */
  points: BoardHistoryPoint[];
}

export interface RankStatDto {
  metric: string;
  rankLow: number;
  rankHigh: number;
  tier: number;
  pBest: number;
  entryCount: number;
}

export interface EntryTestSetResult {
  testSetId: string;
  testSetSlug: string;
  testSetName: string;
  evaluatorVersion: number;
  caseCount: number;
  /** Numbers left out for this viewer (the test set is hidden until close). */
  scoresHidden: boolean;
  /**
   * Why participants do not see these numbers; set for curators (who see them, labelled) and,
   * as hidden-until-close, for everyone else. Ladder-withheld results are never listed for
   * anyone but curators.
   */
  restriction: ScoreRestriction | null;
  /** Empty when scoresHidden. */
  scores: ScoreDto[];
  breakdowns: BreakdownDto[];
  rankStats: RankStatDto[];
  /** Competition rank on the primary metric among the test set's ranked entries. */
  rank: number | null;
  /** How many ranked (visible, released, non-baseline verified) entries `rank` is out of. */
  rankedCount: number | null;
  notes: string[];
}

export interface EntryView {
  id: string;
  methodName: string;
  description: string | null;
  modelSlug: string | null;
  modelUrl: string | null;
  codeUrl: string | null;
  paperUrl: string | null;
  parameterCount: number | null;
  trainingData: string | null;
  openWeights: boolean;
  baselineKind: string | null;
  moderation: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason: string | null;
  submittedAt: string;
  team: { slug: string; name: string };
  benchmark: { slug: string; title: string; status: 'DRAFT' | 'PUBLISHED' };
  track: { slug: string; name: string; metrics: string[]; primaryMetric: string; taskType: string };
  results: EntryTestSetResult[];
}

export interface ModelEntry {
  kind: BoardRowKind;
  id: string;
  methodName: string;
  benchmark: { slug: string; title: string };
  track: { slug: string; name: string; primaryMetric: string };
  testSet: { slug: string; name: string };
  date: string | null;
  /** The track's primary metric (null when missing or withheld). */
  primaryValue: number | null;
  scores: Record<string, BoardScore>;
  moderation: 'VISIBLE' | 'DISQUALIFIED';
}

export interface ModelView {
  modelSlug: string;
  /** The most common name the model goes by. */
  name: string;
  entries: ModelEntry[];
}

export interface BreakdownCell {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Cases in the cell (null for reported values). */
  n: number | null;
}

export interface BreakdownTable {
  metric: string;
  version: number;
  scoresHidden: boolean;
  minCategorySize: number;
  dimensions: {
    dimension: string;
    /**
     * Columns in order: the dimension's disclosure groups (n = cases in the group), then
     * categories that only reported results have (n = null). `members` are the categories a
     * group merges (one for an unmerged category or a reported-only column).
     */
    categories: { category: string; n: number | null; members: string[] }[];
    rows: {
      kind: BoardRowKind;
      id: string;
      methodName: string;
      team: { slug: string; name: string } | null;
      baselineKind: string | null;
      cells: Record<string, BreakdownCell>;
    }[];
  }[];
}

/**
 * The groups of a test set's disclosure partition, per category dimension: what breakdowns show
 * and custom subsets choose from (docs/boards.md, "The disclosure rule").
 */
export interface CategoryTree {
  testSetId: string;
  minCategorySize: number;
  caseCount: number;
  /** Cells of the partition (atoms): every answer is an aggregate over a union of them. */
  atomCount: number;
  dimensions: {
    dimension: string;
    groups: CategoryGroup[];
  }[];
}

export interface CategoryGroup {
  /** What breakdown columns and subset filters name: the category itself when unmerged. */
  label: string;
  /** Cases in the group. */
  count: number;
  /** The categories in the group, largest first, with their case counts (public metadata). */
  members: { category: string; count: number }[];
}
