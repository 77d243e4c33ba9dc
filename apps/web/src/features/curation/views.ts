// Serializable shapes the curation pages hand to client components (no Dates, no BigInts).

import type { groundTruthUploads } from '@medrank/db';

export interface FileIssueView {
  line?: number | null;
  column?: string | number | null;
  caseId?: string | null;
  message: string;
}

export type GroundTruthUploadStatus =
  'VALIDATING' | 'READY' | 'INVALID' | 'APPLYING' | 'APPLIED' | 'SUPERSEDED';

export interface GroundTruthPreviewView {
  caseCount: number;
  labelBalance: { label: string; count: number }[];
  categories: { dimension: string; counts: { category: string; count: number }[] }[];
  /** The task type's summary; absent on uploads validated before summaries existed. */
  summary?: GroundTruthSummaryView;
}

export type GroundTruthSummaryView = groundTruthUploads.GroundTruthSummary;
export type SpreadSummaryView = groundTruthUploads.SpreadSummary;

export interface GroundTruthUploadView {
  id: string;
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  status: GroundTruthUploadStatus;
  fileName: string;
  metadataFileName: string | null;
  preview: GroundTruthPreviewView | null;
  error: { message: string; issues: FileIssueView[]; issueCount: number } | null;
  appliedVersion: number | null;
  createdAt: string;
}

export interface RescoreRunView {
  id: string;
  evaluatorVersion: number;
  status: 'RUNNING' | 'DONE';
  total: number;
  done: number;
  failed: number;
}

/** The steps of the guided flow, in order; the URL segment is the key. */
export const CURATION_STEPS = [
  { key: 'details', label: 'Details' },
  { key: 'task', label: 'Task type' },
  { key: 'metrics', label: 'Metrics' },
  { key: 'tracks', label: 'Tracks' },
  { key: 'test-sets', label: 'Test sets' },
  { key: 'ground-truth', label: 'Ground truth' },
  { key: 'phases', label: 'Phases' },
  { key: 'review', label: 'Review & publish' },
] as const;
export type CurationStep = (typeof CURATION_STEPS)[number]['key'];

export const isCurationStep = (value: string): value is CurationStep =>
  CURATION_STEPS.some((s) => s.key === value);
