import {
  computableMetrics,
  parseTaskConfig,
  suggestMetrics,
  type BenchmarkDefinition,
  type BenchmarkDefinitionInput,
} from '@medrank/curation';
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

/** The metrics a task type suggests for a configuration (Metrics Reloaded), or null without a primary. */
export function suggestedMetrics(
  taskType: string,
  taskConfig: Record<string, unknown>,
): { metrics: string[]; primaryMetric: string } | null {
  let suggestions: ReturnType<typeof suggestMetrics>;
  try {
    suggestions = suggestMetrics(taskType, taskConfig);
  } catch {
    return null; // an unusable configuration: the definition's validation names the problem
  }
  const primary = suggestions.find((s) => s.role === 'primary');
  if (!primary) return null;
  return {
    primaryMetric: primary.metric,
    metrics: suggestions.filter((s) => s.role !== 'optional').map((s) => s.metric),
  };
}

/** Metric keys a track can compute under its configuration; null when the configuration is unusable. */
function computableUnder(taskType: string, taskConfig: Record<string, unknown>): string[] | null {
  try {
    return computableMetrics(taskType, parseTaskConfig(taskType, taskConfig));
  } catch {
    return null;
  }
}

/**
 * Whether two configurations mean the same to the task type's parser, e.g. a default now spelled
 * out by a form field. The stored one is then kept as it is, so saving an unchanged form never
 * creates an evaluator version.
 */
function sameParsedConfig(
  taskType: string,
  stored: Record<string, unknown>,
  submitted: Record<string, unknown>,
): boolean {
  try {
    return (
      JSON.stringify(parseTaskConfig(taskType, stored)) ===
      JSON.stringify(parseTaskConfig(taskType, submitted))
    );
  } catch {
    return false;
  }
}

/** A track's choice on the task step. */
export interface TrackTaskChoice {
  taskType: string;
  taskConfig: Record<string, unknown>;
}

/** Metric keys a configuration change took away from a track, for the step's notice. */
export interface DroppedMetrics {
  trackName: string;
  metrics: string[];
  primaryMetric: string | null;
}

/**
 * The task step: each track's own task type and configuration. A new task type starts from its
 * suggested metrics; a new configuration of the same type keeps the selected metrics it can still
 * compute (a renamed label takes its `dice:<name>` keys with it) and reports the others.
 */
export function applyTaskTypes(
  current: BenchmarkDefinition,
  choices: readonly (TrackTaskChoice | undefined)[],
): { next: BenchmarkDefinitionInput; dropped: DroppedMetrics[] } {
  const dropped: DroppedMetrics[] = [];
  const tracks = current.tracks.map((track, i) => {
    const choice = choices[i];
    if (!choice) return track;
    const { taskType } = choice;
    const taskConfig = sameParsedConfig(taskType, track.taskConfig, choice.taskConfig)
      ? track.taskConfig
      : choice.taskConfig;
    if (track.taskType !== taskType) {
      // Another task type computes other metrics: start from its suggestions.
      const suggested = suggestedMetrics(taskType, taskConfig);
      return { ...track, taskType, taskConfig, ...(suggested ?? {}) };
    }
    const computable = computableUnder(taskType, taskConfig);
    if (!computable) return { ...track, taskConfig };
    const kept = track.metrics.filter((m) => computable.includes(m));
    const lost = track.metrics.filter((m) => !computable.includes(m));
    if (lost.length === 0) return { ...track, taskConfig };
    const suggested = suggestedMetrics(taskType, taskConfig);
    const metrics = kept.length > 0 ? kept : (suggested?.metrics ?? []);
    const primaryMetric = metrics.includes(track.primaryMetric)
      ? track.primaryMetric
      : suggested && metrics.includes(suggested.primaryMetric)
        ? suggested.primaryMetric
        : (metrics[0] ?? '');
    dropped.push({
      trackName: track.name,
      metrics: lost,
      primaryMetric: primaryMetric === track.primaryMetric ? null : primaryMetric,
    });
    return { ...track, taskConfig, metrics, primaryMetric };
  });
  return { next: { ...current, tracks }, dropped };
}

/** The notice of a dropped metric set: what went, and what the track ranks on now. */
export function droppedMetricsNotice(d: DroppedMetrics): string {
  const keys = d.metrics.join(', ');
  const primary = d.primaryMetric ? ` It now ranks on ${d.primaryMetric}.` : '';
  return `Track “${d.trackName}”: ${keys} ${d.metrics.length === 1 ? 'is' : 'are'} no longer computed under the new configuration and ${d.metrics.length === 1 ? 'was' : 'were'} removed from its metrics.${primary} Check the metrics step.`;
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

/**
 * The tracks step. A track keeps its task type unless the row names another one; a new track
 * starts with the first track's task type, configuration, metrics and test sets unless it names
 * another type, which then starts from its example configuration and suggested metrics.
 */
export function applyTracks(
  current: BenchmarkDefinition,
  patch: Patch,
  exampleConfigs: Readonly<Record<string, Record<string, unknown>>> = {},
): BenchmarkDefinitionInput {
  const template = current.tracks[0];
  const bySlug = new Map(current.tracks.map((t) => [t.slug, t]));
  return {
    ...current,
    tracks: rows(patch.tracks).map((row) => {
      const original = bySlug.get(str(row.originalSlug) ?? '') ?? null;
      const base = original ?? template;
      const baseTaskType = base?.taskType ?? '';
      const taskType = str(row.taskType) ?? baseTaskType;
      const isNewType = taskType !== baseTaskType;
      const taskConfig = isNewType ? { ...(exampleConfigs[taskType] ?? {}) } : base?.taskConfig;
      const suggested = isNewType ? suggestedMetrics(taskType, taskConfig ?? {}) : null;
      return {
        ...(base ?? {}),
        slug: str(row.slug) ?? '',
        name: str(row.name) ?? '',
        description: str(row.description),
        taskType,
        taskConfig: taskConfig ?? {},
        metrics: isNewType ? (suggested?.metrics ?? []) : (base?.metrics ?? []),
        primaryMetric: isNewType ? (suggested?.primaryMetric ?? '') : (base?.primaryMetric ?? ''),
        reportedMetrics: original?.reportedMetrics ?? [],
        // A new track starts with the same test sets as the first one (findings and
        // findings + impression are scored on the same studies).
        testSets: original?.testSets ?? template?.testSets ?? [],
      };
    }),
  };
}

/** Whether a track of `next` has a task type it did not have before (its configuration needs a look). */
export function hasNewTaskType(
  current: BenchmarkDefinition,
  next: BenchmarkDefinitionInput,
): boolean {
  const before = new Map(current.tracks.map((t) => [t.slug, t.taskType]));
  const firstType = current.tracks[0]?.taskType;
  return next.tracks.some((t) => (before.get(t.slug) ?? firstType) !== t.taskType);
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
        // Hidden unless the curator says public, as in the YAML (a wrong value reaches the
        // schema, which names the field). Before this field existed, saving this step dropped a
        // YAML-imported `inputs: public`, withdrawing the download without a word.
        inputs: (str(row.inputs) ?? 'hidden') as 'public' | 'hidden',
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
