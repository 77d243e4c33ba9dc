import type { benchmarkDefinitions } from '@medrank/db';
import type { BenchmarkDefinition } from './benchmark-definition.js';

type BenchmarkRecord = benchmarkDefinitions.BenchmarkRecord;

const VISIBILITY_TO_DB = { public: 'PUBLIC', 'hidden-until-close': 'HIDDEN_UNTIL_CLOSE' } as const;
const VISIBILITY_FROM_DB = { PUBLIC: 'public', HIDDEN_UNTIL_CLOSE: 'hidden-until-close' } as const;
const INPUTS_TO_DB = { public: 'PUBLIC', hidden: 'HIDDEN' } as const;
const INPUTS_FROM_DB = { PUBLIC: 'public', HIDDEN: 'hidden' } as const;
const SELECTION_TO_DB = { latest: 'LATEST', best: 'BEST', chosen: 'CHOSEN' } as const;
const SELECTION_FROM_DB = { LATEST: 'latest', BEST: 'best', CHOSEN: 'chosen' } as const;

const orNull = (value: string | undefined) => value ?? null;
const orUndefined = <T>(value: T | null | undefined) =>
  value === null || value === '' ? undefined : value;

/** A validated definition in the database's terms (enums, dates, empty strings for absent text). */
export function definitionToRecord(d: BenchmarkDefinition): BenchmarkRecord {
  return {
    slug: d.slug,
    title: d.title,
    summary: d.summary,
    description: d.description,
    // The benchmark-level task type is what catalog cards show: the first track's.
    taskType: d.tracks[0]?.taskType ?? '',
    modality: orNull(d.modality),
    bodyRegion: orNull(d.bodyRegion),
    citation: orNull(d.citation),
    paperUrl: orNull(d.paperUrl),
    dataUrl: orNull(d.dataUrl),
    license: orNull(d.license),
    minCategorySize: d.minCategorySize,
    tracks: d.tracks.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description ?? '',
      taskType: t.taskType,
      taskConfig: t.taskConfig,
      metrics: t.metrics,
      primaryMetric: t.primaryMetric,
      reportedMetrics: t.reportedMetrics.map((m) => ({
        key: m.key,
        label: m.label,
        higherIsBetter: m.higherIsBetter,
        ...(m.decimals === undefined ? {} : { decimals: m.decimals }),
        ...(m.description === undefined ? {} : { description: m.description }),
      })),
      testSets: t.testSets.map((s) => ({
        slug: s.slug,
        name: s.name,
        description: s.description ?? '',
        visibility: VISIBILITY_TO_DB[s.visibility],
        inputs: INPUTS_TO_DB[s.inputs],
        categoryDimensions: s.categoryDimensions ?? null,
      })),
    })),
    phases: d.phases.map((p) => ({
      name: p.name,
      opensAt: new Date(p.opensAt),
      closesAt: p.closesAt === undefined ? null : new Date(p.closesAt),
      dailyQuota: p.dailyQuota,
      totalQuota: p.totalQuota ?? null,
      finalSelection: SELECTION_TO_DB[p.finalSelection],
      scoreDecimals: p.scoreDecimals,
      nearDuplicateMinCases: p.nearDuplicate.minCases,
      nearDuplicateMinFraction: p.nearDuplicate.minFraction,
      ladderMargin: p.ladderMargin ?? null,
      requiresApproval: p.requiresApproval,
    })),
  };
}

/** The stored benchmark as a definition (the inverse of definitionToRecord). */
export function recordToDefinition(r: BenchmarkRecord): BenchmarkDefinition {
  return {
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    description: r.description,
    modality: orUndefined(r.modality),
    bodyRegion: orUndefined(r.bodyRegion),
    citation: orUndefined(r.citation),
    paperUrl: orUndefined(r.paperUrl),
    dataUrl: orUndefined(r.dataUrl),
    license: orUndefined(r.license),
    minCategorySize: r.minCategorySize,
    tracks: r.tracks.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: orUndefined(t.description),
      taskType: t.taskType,
      taskConfig: t.taskConfig,
      metrics: t.metrics,
      primaryMetric: t.primaryMetric,
      reportedMetrics: t.reportedMetrics.map((m) => ({
        key: m.key,
        label: m.label,
        higherIsBetter: m.higherIsBetter,
        decimals: m.decimals,
        description: orUndefined(m.description),
      })),
      testSets: t.testSets.map((s) => ({
        slug: s.slug,
        name: s.name,
        description: orUndefined(s.description),
        visibility: VISIBILITY_FROM_DB[s.visibility],
        inputs: INPUTS_FROM_DB[s.inputs],
        categoryDimensions: s.categoryDimensions ?? [],
      })),
    })),
    phases: r.phases.map((p) => ({
      name: p.name,
      opensAt: p.opensAt.toISOString(),
      closesAt: p.closesAt?.toISOString(),
      dailyQuota: p.dailyQuota,
      totalQuota: p.totalQuota ?? undefined,
      finalSelection: SELECTION_FROM_DB[p.finalSelection],
      scoreDecimals: p.scoreDecimals,
      nearDuplicate: { minCases: p.nearDuplicateMinCases, minFraction: p.nearDuplicateMinFraction },
      ladderMargin: p.ladderMargin ?? undefined,
      requiresApproval: p.requiresApproval,
    })),
  };
}
