import type { BenchmarkDefinition, BenchmarkDefinitionInput } from '@medrank/curation';
import type { CurationStep } from './views';

// How each step of the guided flow folds its form into the benchmark definition. Each step edits
// its slice and keeps everything else, so coming back to a step never loses the others' work.
// The curation package validates the result (zod); these functions only reshape.

type Patch = Record<string, unknown>;
type Row = Record<string, unknown>;

const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** "12" → 12; anything else is passed through so the schema names the field that is wrong. */
const num = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
};

/** A `datetime-local` value is UTC on this form (the label says so): give it its zone. */
const utc = (value: unknown): unknown =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? `${value}${value.length === 16 ? ':00' : ''}Z`
    : value;

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(value)
      ? (value as string[])
      : [];

export const DETAIL_FIELDS = [
  'slug',
  'title',
  'summary',
  'description',
  'modality',
  'bodyRegion',
  'citation',
  'paperUrl',
  'dataUrl',
  'license',
] as const;

/** What a starter track of a new draft looks like: the curator refines it in later steps. */
export function starterTrack(
  taskType: string,
  taskConfig: Record<string, unknown>,
  metrics: string[],
  primaryMetric: string,
): BenchmarkDefinitionInput['tracks'][number] {
  return {
    slug: 'main',
    name: 'Main',
    taskType,
    taskConfig,
    metrics,
    primaryMetric,
    testSets: [{ slug: 'test', name: 'Test', visibility: 'public', categoryDimensions: [] }],
  };
}

export function applyDetails(current: BenchmarkDefinition, patch: Patch): BenchmarkDefinitionInput {
  const next: BenchmarkDefinitionInput = { ...current };
  for (const key of DETAIL_FIELDS) {
    const value = str(patch[key]);
    if (key === 'description') next.description = value ?? '';
    else if (value === undefined) delete (next as Record<string, unknown>)[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function applyTaskType(
  current: BenchmarkDefinition,
  taskType: string,
  taskConfig: Record<string, unknown>,
  suggested: { metrics: string[]; primaryMetric: string } | null,
): BenchmarkDefinitionInput {
  return {
    ...current,
    tracks: current.tracks.map((track) => {
      const changed = track.taskType !== taskType;
      return {
        ...track,
        taskType,
        taskConfig,
        // Another task type computes other metrics: start from its suggestions.
        ...(changed && suggested
          ? { metrics: suggested.metrics, primaryMetric: suggested.primaryMetric }
          : {}),
      };
    }),
  };
}

export function applyMetrics(current: BenchmarkDefinition, patch: Patch): BenchmarkDefinitionInput {
  const patched = rows(patch.tracks);
  return {
    ...current,
    tracks: current.tracks.map((track, i) => {
      const row = patched[i] ?? {};
      return {
        ...track,
        metrics: list(row.metrics),
        primaryMetric: str(row.primaryMetric) ?? '',
      };
    }),
  };
}

export function applyTracks(current: BenchmarkDefinition, patch: Patch): BenchmarkDefinitionInput {
  const template = current.tracks[0];
  const bySlug = new Map(current.tracks.map((t) => [t.slug, t]));
  return {
    ...current,
    tracks: rows(patch.tracks).map((row) => {
      const original = bySlug.get(str(row.originalSlug) ?? '') ?? null;
      const base = original ?? template;
      return {
        ...(base ?? {}),
        slug: str(row.slug) ?? '',
        name: str(row.name) ?? '',
        description: str(row.description),
        taskType: base?.taskType ?? '',
        taskConfig: base?.taskConfig ?? {},
        metrics: base?.metrics ?? [],
        primaryMetric: base?.primaryMetric ?? '',
        reportedMetrics: original?.reportedMetrics ?? [],
        // A new track starts with the same test sets as the first one (findings and
        // findings + impression are scored on the same studies).
        testSets: original?.testSets ?? template?.testSets ?? [],
      };
    }),
  };
}

export function applyTestSets(
  current: BenchmarkDefinition,
  patch: Patch,
): BenchmarkDefinitionInput {
  const patched = rows(patch.tracks);
  return {
    ...current,
    tracks: current.tracks.map((track, i) => ({
      ...track,
      testSets: rows(patched[i]?.testSets).map((row) => ({
        slug: str(row.slug) ?? '',
        name: str(row.name) ?? '',
        description: str(row.description),
        visibility: (str(row.visibility) ?? 'public') as 'public' | 'hidden-until-close',
        categoryDimensions: list(row.categoryDimensions),
      })),
    })),
  };
}

export function applyPhases(current: BenchmarkDefinition, patch: Patch): BenchmarkDefinitionInput {
  return {
    ...current,
    phases: rows(patch.phases).map((row) => {
      const nearDuplicate =
        row.nearDuplicate && typeof row.nearDuplicate === 'object'
          ? (row.nearDuplicate as Row)
          : {};
      // An empty defence field takes the schema's default; only the Ladder is off when empty.
      const phase: Record<string, unknown> = {
        name: str(row.name) ?? '',
        opensAt: utc(str(row.opensAt) ?? ''),
        dailyQuota: num(str(row.dailyQuota) ?? '5'),
        finalSelection: str(row.finalSelection) ?? 'latest',
        requiresApproval: row.requiresApproval === 'true',
      };
      if (str(row.scoreDecimals)) phase.scoreDecimals = num(row.scoreDecimals);
      const minCases = str(nearDuplicate.minCases);
      const minFraction = str(nearDuplicate.minFraction);
      if (minCases || minFraction)
        phase.nearDuplicate = {
          ...(minCases ? { minCases: num(minCases) } : {}),
          ...(minFraction ? { minFraction: num(minFraction) } : {}),
        };
      if (str(row.ladderMargin)) phase.ladderMargin = num(row.ladderMargin);
      if (str(row.closesAt)) phase.closesAt = utc(row.closesAt);
      if (str(row.totalQuota)) phase.totalQuota = num(row.totalQuota);
      return phase as BenchmarkDefinitionInput['phases'] extends (infer P)[] | undefined
        ? P
        : never;
    }),
  };
}

/** The step after `step` in the flow (the review is last). */
export function nextStep(step: CurationStep): CurationStep {
  const order: CurationStep[] = [
    'details',
    'task',
    'metrics',
    'tracks',
    'test-sets',
    'ground-truth',
    'phases',
    'review',
  ];
  return order[Math.min(order.indexOf(step) + 1, order.length - 1)]!;
}
