import { AppError, DEFAULT_SCORE_DECIMALS, type FileIssue } from '@medrank/core';
import { z } from 'zod';
import {
  computableMetrics,
  isKnownTaskType,
  metricInfo,
  parseTaskConfig,
} from '../task-types/task-type-catalog.js';
import { describeMetric, metricDisplayOption } from '@medrank/metrics/catalog';
import { TASK_TYPE_KEYS } from '@medrank/task-contracts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const slug = (what: string) =>
  z
    .string()
    .regex(
      SLUG,
      `${what} must be 1–64 lower-case letters, digits and hyphens, not starting or ending with a hyphen`,
    );
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();
const url = z
  .string()
  .trim()
  .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
  .max(2000)
  .optional();

/** A date or date-time in ISO 8601, normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`. */
const isoInstant = z
  .string()
  .trim()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(
        s,
      ) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z',
  )
  .transform((s) => new Date(s).toISOString());

export const reportedMetricSchema = z.strictObject({
  key: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_.:/-]{0,63}$/,
      'must start with a letter; letters, digits and _ . : / - only (max 64)',
    ),
  label: text(80),
  higherIsBetter: z.boolean(),
  decimals: z.number().int().min(0).max(6).optional(),
  description: optionalText(2000),
});

export const testSetDefinitionSchema = z.strictObject({
  slug: slug('test set slug'),
  name: text(120),
  description: optionalText(5000),
  visibility: z.enum(['public', 'hidden-until-close']).default('public'),
  /** Whether the test set's inputs (images, questions) are downloadable by everyone (`public`) or
   * read by the worker only (`hidden`, for model runs). Hidden unless said, so an upload is never
   * published by accident. */
  inputs: z.enum(['public', 'hidden']).default('hidden'),
  /** Display order of the cases' category dimensions. Left out: set from the ground truth's
   * metadata when it is applied, and kept as it is by an update. */
  categoryDimensions: z.array(text(64)).optional(),
});

export const trackDefinitionSchema = z.strictObject({
  slug: slug('track slug'),
  name: text(120),
  description: optionalText(5000),
  taskType: z.string().min(1),
  taskConfig: z.record(z.string(), z.unknown()).default({}),
  /** Metrics MedRank computes; empty only for a reported-results-only track (reportedMetrics set). */
  metrics: z.array(z.string().min(1)),
  primaryMetric: z.string().min(1),
  reportedMetrics: z.array(reportedMetricSchema).default([]),
  testSets: z.array(testSetDefinitionSchema).min(1, 'a track needs at least one test set'),
});

/** Defaults of the probing defences a curator chooses per phase (docs/curation.md). */
export const PHASE_DEFENCE_DEFAULTS = {
  scoreDecimals: DEFAULT_SCORE_DECIMALS,
  nearDuplicate: { minCases: 10, minFraction: 0.01 },
  requiresApproval: false,
} as const;

/**
 * Near-duplicate detection: a submission whose predictions differ from an earlier one of the same
 * team or person in fewer than max(minCases, ⌈minFraction × cases⌉) cases is not scored on hidden
 * data. Both 0 turn it off.
 */
export const nearDuplicateSchema = z.strictObject({
  minCases: z.number().int().min(0).max(1_000_000).default(10),
  minFraction: z.number().min(0).max(1).default(0.01),
});

export const phaseDefinitionSchema = z.strictObject({
  name: text(120),
  opensAt: isoInstant,
  closesAt: isoInstant.optional(),
  dailyQuota: z.number().int().min(1).max(10_000).default(5),
  totalQuota: z.number().int().min(1).max(1_000_000).optional(),
  finalSelection: z.enum(['latest', 'best', 'chosen']).default('latest'),
  /** Scores, CIs and breakdowns of this phase's entries are stored rounded to this many decimals. */
  scoreDecimals: z.number().int().min(0).max(6).default(PHASE_DEFENCE_DEFAULTS.scoreDecimals),
  nearDuplicate: nearDuplicateSchema.default({ ...PHASE_DEFENCE_DEFAULTS.nearDuplicate }),
  /** Ladder margin η in the primary metric's units; absent: every score is released. */
  ladderMargin: z.number().positive('must be greater than 0').max(1e9).optional(),
  requiresApproval: z.boolean().default(PHASE_DEFENCE_DEFAULTS.requiresApproval),
});

const benchmarkDefinitionBaseSchema = z.strictObject({
  slug: slug('benchmark slug'),
  title: text(200),
  summary: text(500),
  description: z.string().max(100_000).default(''),
  modality: optionalText(120),
  bodyRegion: optionalText(120),
  citation: optionalText(5000),
  paperUrl: url,
  dataUrl: url,
  license: optionalText(200),
  minCategorySize: z.number().int().min(1).max(100_000).default(20),
  tracks: z.array(trackDefinitionSchema).min(1, 'a benchmark needs at least one track'),
  phases: z.array(phaseDefinitionSchema).default([]),
});

/**
 * A benchmark as code: metadata, tracks (task type, configuration, metrics), test sets and
 * phases; never ground truth or submissions. Cross-field rules (metrics the task type computes,
 * unique slugs, phase dates, task configuration) are checked with precise paths.
 */
export const benchmarkDefinitionSchema = benchmarkDefinitionBaseSchema.superRefine((def, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  duplicates(def.tracks.map((t) => t.slug)).forEach(({ value, index }) =>
    issue(['tracks', index, 'slug'], `duplicate track slug "${value}"`),
  );
  duplicates(def.phases.map((p) => p.name)).forEach(({ value, index }) =>
    issue(['phases', index, 'name'], `duplicate phase name "${value}"`),
  );
  def.phases.forEach((phase, i) => {
    if (phase.closesAt !== undefined && phase.closesAt <= phase.opensAt)
      issue(
        ['phases', i, 'closesAt'],
        `phase "${phase.name}" closes (${phase.closesAt}) before it opens (${phase.opensAt})`,
      );
    if (phase.totalQuota !== undefined && phase.totalQuota < phase.dailyQuota)
      issue(
        ['phases', i, 'totalQuota'],
        `totalQuota (${phase.totalQuota}) is smaller than dailyQuota (${phase.dailyQuota})`,
      );
    if (phase.ladderMargin !== undefined)
      for (const track of def.tracks) {
        const problem = ladderMarginProblem(phase.ladderMargin, track);
        if (problem) issue(['phases', i, 'ladderMargin'], problem);
      }
  });

  def.tracks.forEach((track, t) => {
    const at = (...rest: (string | number)[]) => ['tracks', t, ...rest];
    duplicates(track.testSets.map((s) => s.slug)).forEach(({ value, index }) =>
      issue(
        at('testSets', index, 'slug'),
        `duplicate test set slug "${value}" in track "${track.slug}"`,
      ),
    );
    track.testSets.forEach((set, s) =>
      duplicates(set.categoryDimensions ?? []).forEach(({ value, index }) =>
        issue(
          at('testSets', s, 'categoryDimensions', index),
          `duplicate category dimension "${value}"`,
        ),
      ),
    );
    duplicates(track.reportedMetrics.map((m) => m.key)).forEach(({ value, index }) =>
      issue(at('reportedMetrics', index, 'key'), `duplicate reported metric "${value}"`),
    );
    if (track.metrics.length === 0 && track.reportedMetrics.length === 0)
      issue(
        at('metrics'),
        'list at least one metric (or reportedMetrics, for a track that shows published results only)',
      );
    duplicates(track.metrics).forEach(({ value, index }) =>
      issue(at('metrics', index), `metric "${value}" is listed twice`),
    );

    if (!isKnownTaskType(track.taskType)) {
      issue(
        at('taskType'),
        `unknown task type "${track.taskType}"; known: ${TASK_TYPE_KEYS.join(', ')}`,
      );
      return;
    }
    let config: unknown;
    try {
      config = parseTaskConfig(track.taskType, track.taskConfig);
    } catch (error) {
      issue(at('taskConfig'), error instanceof Error ? error.message : String(error));
      return;
    }
    const available = computableMetrics(track.taskType, config);
    track.metrics.forEach((metric, m) => {
      if (!available.includes(metric))
        issue(
          at('metrics', m),
          `metric "${metric}" is not computed by task type "${track.taskType}"${describeConfig(track.taskType, config)}; available: ${available.join(', ')}`,
        );
    });
    track.reportedMetrics.forEach((reported, r) => {
      if (track.metrics.includes(reported.key))
        issue(
          at('reportedMetrics', r, 'key'),
          `"${reported.key}" is a computed metric of this track; list only metrics MedRank does not compute as reportedMetrics`,
        );
    });
    const display = track.taskConfig.metricDisplay;
    if (display !== undefined) {
      const malformed = metricDisplayOption('', { metricDisplay: display }).problem;
      if (malformed) issue(at('taskConfig', 'metricDisplay'), malformed);
      for (const key of malformed ? [] : Object.keys(display as object)) {
        const { problem } = metricDisplayOption(key, track.taskConfig);
        if (problem) issue(at('taskConfig', 'metricDisplay', key), problem);
        else if (!track.metrics.includes(key))
          issue(
            at('taskConfig', 'metricDisplay', key),
            `"${key}" is not a computed metric of this track (${track.metrics.join(', ')})`,
          );
      }
    }
    const reportedKeys = track.reportedMetrics.map((m) => m.key);
    if (!track.metrics.includes(track.primaryMetric) && !reportedKeys.includes(track.primaryMetric))
      issue(
        at('primaryMetric'),
        `primary metric "${track.primaryMetric}" is not one of the track's metrics (${track.metrics.join(', ')})${reportedKeys.length ? ` or reported metrics (${reportedKeys.join(', ')})` : ''}`,
      );
  });
});

export type BenchmarkDefinition = z.output<typeof benchmarkDefinitionSchema>;
/** What callers may pass: defaults (visibility, quotas, minCategorySize…) filled in by parsing. */
export type BenchmarkDefinitionInput = z.input<typeof benchmarkDefinitionSchema>;
export type TrackDefinition = BenchmarkDefinition['tracks'][number];
export type TestSetDefinition = TrackDefinition['testSets'][number];
export type PhaseDefinition = BenchmarkDefinition['phases'][number];
export type ReportedMetricDefinition = TrackDefinition['reportedMetrics'][number];

/**
 * Why a Ladder margin does not fit a track's primary metric: a margin as wide as the metric's
 * whole range could never be beaten, so no score after the first would ever be released. Metrics
 * without a known finite range (external scorers, unbounded distances) are not checked; tracks
 * whose primary metric MedRank does not compute have no Ladder.
 */
function ladderMarginProblem(margin: number, track: TrackDefinitionShape): string | null {
  if (!track.metrics.includes(track.primaryMetric) || !isKnownTaskType(track.taskType)) return null;
  try {
    parseTaskConfig(track.taskType, track.taskConfig);
  } catch {
    return null; // the track's own issue names the configuration problem
  }
  const { range, label } = describeMetric(track.primaryMetric, track.taskConfig);
  if (!range || !Number.isFinite(range[0]) || !Number.isFinite(range[1])) return null;
  const width = range[1] - range[0];
  if (margin < width) return null;
  return `ladderMargin ${margin} is not smaller than the range of ${label} (${range[0]}–${range[1]}), the primary metric of track "${track.slug}": no score could ever beat a released one by it`;
}

type TrackDefinitionShape = z.output<typeof trackDefinitionSchema>;

function describeConfig(taskType: string, config: unknown): string {
  if (taskType === 'classification') {
    const classes = (config as { classes: readonly string[] }).classes;
    return classes.length === 2 ? ' (binary)' : ` (${classes.length} classes)`;
  }
  return '';
}

function duplicates(values: readonly string[]): { value: string; index: number }[] {
  const seen = new Set<string>();
  const found: { value: string; index: number }[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) found.push({ value, index });
    seen.add(value);
  });
  return found;
}

/** A zod path as curators read it: `tracks[0].metrics[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export type DefinitionValidation =
  | { ok: true; definition: BenchmarkDefinition }
  | { ok: false; issues: (FileIssue & { path: (string | number)[] })[] };

/** Validates a definition object (already read from YAML or a form); issues carry paths. */
export function validateBenchmarkDefinition(input: unknown): DefinitionValidation {
  const parsed = benchmarkDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      const where = formatPath(path);
      return {
        path,
        column: where || undefined,
        message: where ? `${where}: ${i.message}` : i.message,
      };
    }),
  };
}

/**
 * Parses a definition or throws AppError('BAD_REQUEST') listing every issue with its path
 * (`details.issues`), for callers that take definitions from code or forms.
 */
export function parseBenchmarkDefinitionOrThrow(input: unknown): BenchmarkDefinition {
  const result = validateBenchmarkDefinition(input);
  if (result.ok) return result.definition;
  const head = result.issues
    .slice(0, 5)
    .map((i) => i.message)
    .join('; ');
  throw new AppError(
    'BAD_REQUEST',
    `invalid benchmark definition: ${head}${result.issues.length > 5 ? ` (and ${result.issues.length - 5} more)` : ''}`,
    { details: { issues: result.issues.map(({ path: _path, ...rest }) => rest) } },
  );
}

/** Display label and direction of each of a track's metrics (computed first, then reported). */
export function trackColumns(track: TrackDefinition) {
  parseTaskConfig(track.taskType, track.taskConfig); // refuses an unusable configuration
  return [
    ...track.metrics.map((key) => ({ ...metricInfo(key, track.taskConfig), computed: true })),
    ...track.reportedMetrics.map((m) => ({
      key: m.key,
      label: m.label,
      higherIsBetter: m.higherIsBetter,
      computed: false,
    })),
  ];
}
