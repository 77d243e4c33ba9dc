import {
  isUnionOfAtoms,
  partitionLookup,
  resolveSubsetFilters,
  roundToDecimals,
  selectCases,
  splitGroupsMessage,
} from '@medrank/core';
import type { Database, disclosure } from '@medrank/db';
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
// subset's mean and CI per entry and metric, a comparison's difference, CI and p-value, each
// rounded to the stated precision of the entry's phase. A subset is answered only when it is a
// union of atoms of the test set's disclosure partition (docs/boards.md, "The disclosure rule").

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
  /** partitionStamp when loaded: a recomputed partition makes the entry stale. */
  stamp: string;
  cases: disclosure.CasesWithAtoms;
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
): Promise<CaseValueCache | null> {
  const key = `${context.testSetId}:${context.version}`;
  const stamp = await rankStats.partitionStamp(db, context.testSetId);
  let entry = cache.get(key);
  if (!entry || entry.stamp !== stamp || Date.now() - entry.loadedAt > CACHE_MAX_AGE_MS) {
    const cases = await rankStats.loadCaseMetadata(db, context.testSetId);
    if (!cases) return null;
    // Loading may have stored a missing partition: stamp what was loaded.
    entry = {
      loadedAt: Date.now(),
      stamp: await rankStats.partitionStamp(db, context.testSetId),
      cases,
      values: new Map(),
    };
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

/** A value rounded to the entry's stated precision (null stays null, NaN becomes null). */
const rounded = (value: number | null, decimals: number) =>
  value === null ? null : roundToDecimals(value, decimals);

/** p-values are shown to 3 decimals whatever the scores' precision. */
const P_VALUE_DECIMALS = 3;

/**
 * Every per-case metric of every visible verified entry, recomputed on the cases whose public
 * metadata match `filters` (OR within a dimension, AND across), rounded to each entry's stated
 * precision. Filters name groups of the test set's disclosure partition (or single categories);
 * the selected cases must be a union of atoms (docs/boards.md, "The disclosure rule"), which a
 * choice of whole groups always is. Refused for hidden scores, unknown dimensions or groups and
 * subsets that cut through a group; refusals never state how many cases a subset has.
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
  const partition = data?.cases.partition;
  if (!data || !partition)
    return refuse('BAD_REQUEST', 'this test set has no cases to choose a subset from');
  const { caseIds, metadata, atoms } = data.cases;
  if (partition.casesVersion !== undefined && context.version < partition.casesVersion)
    return refuse(
      'BAD_REQUEST',
      `the cases of this test set changed at evaluator v${partition.casesVersion}; the board still ranks on v${context.version}, whose per-case results belong to the old cases, so custom subsets are available again once the rescore to v${partition.casesVersion} has finished`,
    );
  const total = caseIds.length;

  const resolved = resolveSubsetFilters(partitionLookup(partition), input.filters);
  if (!resolved.ok) return refuse('BAD_REQUEST', resolved.message);
  const members = selectCases(metadata, resolved.accepted);
  if (!isUnionOfAtoms(atoms, partition.atomSizes, members))
    return refuse('BAD_REQUEST', splitGroupsMessage(resolved.splitGroups, partition.minCellSize));
  const n = members.length;
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
        value: rounded(r.mean, e.scoreDecimals),
        ciLow: rounded(r.low, e.scoreDecimals),
        ciHigh: rounded(r.high, e.scoreDecimals),
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

/**
 * Paired difference of two entries on every metric of the track, from their stored replicates:
 * values rounded to each entry's stated precision, the difference and its CI to the coarser of
 * the two, p-values to 3 decimals.
 */
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
  // A difference is stated no more precisely than the coarser of the two entries.
  const decimals = Math.min(a!.scoreDecimals, b!.scoreDecimals);
  const metrics = context.metrics.map((metric): CompareEntriesResult['metrics'][number] => {
    const va = a!.values[metric] ?? null;
    const vb = b!.values[metric] ?? null;
    const ra = replicates.get(a!.evaluationId)?.get(metric);
    const rb = replicates.get(b!.evaluationId)?.get(metric);
    const empty = {
      metric,
      a: rounded(va, a!.scoreDecimals),
      b: rounded(vb, b!.scoreDecimals),
      diff: va !== null && vb !== null ? rounded(va - vb, decimals) : null,
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
    return {
      metric,
      a: rounded(va, a!.scoreDecimals),
      b: rounded(vb, b!.scoreDecimals),
      diff: rounded(d.diff, decimals),
      ciLow: rounded(d.ciLow, decimals),
      ciHigh: rounded(d.ciHigh, decimals),
      pValue: rounded(d.pValue, P_VALUE_DECIMALS),
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
