import type { FileIssue } from '@medrank/core';

// Plain objects handed out by the repositories: no Prisma types leak past packages/db.

export type SubmissionStatus =
  'QUEUED' | 'VALIDATING' | 'SCORING' | 'SCORED' | 'FAILED' | 'CANCELLED';
export const FINAL_STATUSES: readonly SubmissionStatus[] = ['SCORED', 'FAILED', 'CANCELLED'];

export interface SubmissionError {
  message: string;
  issues: FileIssue[];
  /** Total number of issues found; `issues` holds the first ones only. */
  issueCount: number;
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

export interface EvaluationDto {
  testSetId: string;
  testSetSlug: string;
  testSetName: string;
  evaluatorVersion: number;
  caseCount: number;
  durationMs: number;
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
  role: 'admin' | 'user';
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
  modality: string | null;
  bodyRegion: string | null;
  license: string | null;
  caseCount: number;
  entryCount: number;
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
  openPhase: { id: string; name: string; dailyQuota: number; totalQuota: number | null } | null;
}

export interface BoardEntryDto {
  rank: number;
  submissionId: string;
  team: { slug: string; name: string };
  methodName: string;
  submittedAt: string;
  scores: Record<string, ScoreDto>;
}

export interface BoardDto {
  testSet: TestSetDto;
  evaluatorVersion: number;
  primaryMetric: string;
  entries: BoardEntryDto[];
}
