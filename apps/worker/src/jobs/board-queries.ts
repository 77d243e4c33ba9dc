import type { Database } from '@medrank/db';
import { rankStats } from '@medrank/db';
import type {
  BoardQueryAnswer,
  CompareEntriesInput,
  CompareEntriesResult,
  SubsetScoresInput,
  SubsetScoresResult,
} from '@medrank/jobs';
import { meanInterval, pairedDifference } from '@medrank/metrics';

// Answers to board queries over hidden per-case results. Only aggregates leave this file: a
// subset's mean and CI per entry and metric, a comparison's difference, CI and p-value.

export interface BoardQueryDeps {
  db: Database;
}

const SUBSET_METHOD =
  'mean of per-case values over the subset; 95% CI: Wilson score interval for 0/1 values, otherwise mean ± 1.96·s/√n';
const COMPARE_METHOD =
  'paired bootstrap on the stored replicates (shared resamples): difference of the point estimates, 95% percentile CI of the replicate differences, two-sided p-value from the bootstrap standard error (normal reference)';

/** Per-case values of a test set at one version, by evaluation: read once, then answered from memory. */
interface CaseValueCache {
  loadedAt: number;
  caseIds: string[];
  metadata: Record<string, unknown>[];
  values: Map<string, Map<string, Float64Array>>;
}
const CACHE_MAX_AGE_MS = 10 * 60_000;
const CACHE_MAX_TEST_SETS = 8;
const cache = new Map<string, CaseValueCache>();

/** Forgets cached per-case values (tests). */
export function clearBoardQueryCache(): void {
  cache.clear();
}

async function caseValuesFor(
  db: Database,
  context: rankStats.BoardQueryContext,
): Promise<CaseValueCache> {
  const key = `${context.testSetId}:${context.version}`;
  let entry = cache.get(key);
  if (!entry || Date.now() - entry.loadedAt > CACHE_MAX_AGE_MS) {
    const { caseIds, metadata } = await rankStats.loadCaseMetadata(db, context.testSetId);
    entry = { loadedAt: Date.now(), caseIds, metadata, values: new Map() };
    cache.delete(key);
    if (cache.size >= CACHE_MAX_TEST_SETS) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  const missing = context.entries.map((e) => e.evaluationId).filter((id) => !entry.values.has(id));
  if (missing.length > 0) {
    const loaded = await rankStats.loadCaseValues(db, missing);
    for (const [id, values] of loaded) entry.values.set(id, values);
  }
  return entry;
}

const refuse = (
  code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN',
  message: string,
): { ok: false; code: typeof code; message: string } => ({ ok: false, code, message });

/**
 * Every per-case metric of every visible verified entry, recomputed on the cases whose public
 * metadata match `filters` (OR within a dimension, AND across). Refused for hidden scores, unknown
 * dimensions or categories, and subsets smaller than the benchmark's minimum — or whose
 * complement is (the difference from the overall value would expose a small group).
 */
export async function handleSubsetScores(
  { db }: BoardQueryDeps,
  input: SubsetScoresInput,
): Promise<BoardQueryAnswer<SubsetScoresResult>> {
  const context = await rankStats.loadBoardQueryContext(db, input);
  if (!context)
    return refuse(
      'NOT_FOUND',
      `no test set "${input.testSetSlug}" in track "${input.trackSlug}" of benchmark "${input.slug}"`,
    );
  if (context.scoresHidden)
    return refuse(
      'FORBIDDEN',
      'scores of this test set are hidden until the phase closes; subsets are not available',
    );
  const data = await caseValuesFor(db, context);
  const total = data.caseIds.length;

  // Which categories exist, to name a mistyped one precisely.
  const known = new Map<string, Set<string>>();
  for (const m of data.metadata)
    for (const [dimension, value] of Object.entries(m)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      let set = known.get(dimension);
      if (!set) known.set(dimension, (set = new Set()));
      set.add(String(value));
    }
  const filters = Object.entries(input.filters);
  for (const [dimension, categories] of filters) {
    const set = known.get(dimension);
    if (!set)
      return refuse(
        'BAD_REQUEST',
        `unknown dimension "${dimension}"; this test set's dimensions: ${[...known.keys()].sort().join(', ') || 'none'}`,
      );
    const unknown = categories.filter((c) => !set.has(c));
    if (unknown.length > 0)
      return refuse(
        'BAD_REQUEST',
        `unknown ${dimension} categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((c) => `"${c}"`).join(', ')}`,
      );
  }
  const accepted = filters.map(
    ([dimension, categories]) => [dimension, new Set(categories)] as const,
  );
  const members: number[] = [];
  data.metadata.forEach((m, i) => {
    for (const [dimension, set] of accepted) {
      const value = m[dimension];
      if ((typeof value !== 'string' && typeof value !== 'number') || !set.has(String(value)))
        return;
    }
    members.push(i);
  });
  const n = members.length;
  const k = context.minCategorySize;
  if (n < k)
    return refuse(
      'BAD_REQUEST',
      `this subset has ${n} case${n === 1 ? '' : 's'}; results are shown for subsets of at least ${k} cases`,
    );
  if (total - n > 0 && total - n < k)
    return refuse(
      'BAD_REQUEST',
      `this subset leaves out only ${total - n} case${total - n === 1 ? '' : 's'}; compared with the overall score that would expose fewer than ${k} cases, so choose a subset that leaves out none or at least ${k}`,
    );
  const rows = Int32Array.from(members);

  // Per-case metrics are those every entry stored values for; the rest cannot be recomputed.
  const perCase = context.metrics.filter((metric) =>
    context.entries.some((e) => data.values.get(e.evaluationId)?.get(metric)?.length === total),
  );
  const unavailable = context.metrics
    .filter((metric) => !perCase.includes(metric))
    .map((metric) => ({
      metric,
      reason:
        'not available for custom subsets: not a mean of per-case values (e.g. AUROC, corpus BLEU)',
    }));
  const entries = context.entries.map((e) => {
    const stored = data.values.get(e.evaluationId);
    const scores: SubsetScoresResult['entries'][number]['scores'] = {};
    for (const metric of perCase) {
      const values = stored?.get(metric);
      if (!values || values.length !== total) {
        scores[metric] = { value: null, ciLow: null, ciHigh: null };
        continue;
      }
      const r = meanInterval(values, rows);
      scores[metric] = {
        value: Number.isNaN(r.mean) ? null : r.mean,
        ciLow: Number.isNaN(r.low) ? null : r.low,
        ciHigh: Number.isNaN(r.high) ? null : r.high,
      };
    }
    return { submissionId: e.submissionId, scores };
  });
  return {
    ok: true,
    result: {
      n,
      metrics: perCase,
      unavailable,
      evaluatorVersion: context.version,
      method: SUBSET_METHOD,
      entries,
    },
  };
}

/** Paired difference of two entries on every metric of the track, from their stored replicates. */
export async function handleCompareEntries(
  { db }: BoardQueryDeps,
  input: CompareEntriesInput,
): Promise<BoardQueryAnswer<CompareEntriesResult>> {
  if (input.a === input.b) return refuse('BAD_REQUEST', 'choose two different entries to compare');
  const context = await rankStats.loadBoardQueryContext(db, input);
  if (!context)
    return refuse(
      'NOT_FOUND',
      `no test set "${input.testSetSlug}" in track "${input.trackSlug}" of benchmark "${input.slug}"`,
    );
  if (context.scoresHidden)
    return refuse(
      'FORBIDDEN',
      'scores of this test set are hidden until the phase closes; comparisons are not available',
    );
  const a = context.entries.find((e) => e.submissionId === input.a);
  const b = context.entries.find((e) => e.submissionId === input.b);
  for (const [name, entry, id] of [
    ['a', a, input.a],
    ['b', b, input.b],
  ] as const)
    if (!entry)
      return refuse(
        'NOT_FOUND',
        `entry ${name} (${id}) is not a visible verified entry of this board at evaluator v${context.version}`,
      );
  const replicates = await rankStats.loadReplicates(db, [a!.evaluationId, b!.evaluationId]);
  const metrics = context.metrics.map((metric): CompareEntriesResult['metrics'][number] => {
    const va = a!.values[metric] ?? null;
    const vb = b!.values[metric] ?? null;
    const ra = replicates.get(a!.evaluationId)?.get(metric);
    const rb = replicates.get(b!.evaluationId)?.get(metric);
    const empty = {
      metric,
      a: va,
      b: vb,
      diff: va !== null && vb !== null ? va - vb : null,
      ciLow: null,
      ciHigh: null,
      pValue: null,
    };
    if (va === null || vb === null)
      return { ...empty, note: 'the metric is undefined for one of the entries' };
    if (!ra || !rb)
      return {
        ...empty,
        note: 'bootstrap replicates are not stored for one of the entries (scored before they were kept)',
      };
    if (ra.length !== rb.length)
      return {
        ...empty,
        note: 'the entries were scored with different numbers of bootstrap replicates',
      };
    const d = pairedDifference(ra, rb, va, vb);
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    return {
      metric,
      a: va,
      b: vb,
      diff: d.diff,
      ciLow: finite(d.ciLow),
      ciHigh: finite(d.ciHigh),
      pValue: finite(d.pValue),
    };
  });
  return {
    ok: true,
    result: {
      evaluatorVersion: context.version,
      a: { submissionId: a!.submissionId, methodName: a!.methodName },
      b: { submissionId: b!.submissionId, methodName: b!.methodName },
      method: COMPARE_METHOD,
      metrics,
    },
  };
}
