import type { TaskTypeKey } from '@medrank/task-contracts';
import { assertCanCurate } from '@medrank/curation';
import { AppError } from '@medrank/core';
import { entryCases, users, type Database } from '@medrank/db';
import type {
  BoardQueryAnswer,
  EntryCaseResultsInput,
  EntryCaseResultsResult,
} from '@medrank/jobs';

// The curator's per-case view of one entry: every per-case value of the entry on a test set,
// next to the case id, its categories and a short text of its truth. Only a curator of the
// benchmark (or a site admin) gets an answer; the web checked the caller already, and this
// checks again from the database, since it is the only process that can read the values.

/** Masks are megabytes per case and have no one-line text: their truth is left out. */
const hasCheapTruth = (taskType: string) => taskType !== 'segmentation';

type Payload = Record<string, unknown>;

/**
 * A one-line text of a stored truth payload, per task type's payload shape. A record over every
 * task type key, so a new task type does not compile until it says what its truth reads as.
 */
const TRUTH_TEXT: Record<TaskTypeKey, (p: Payload) => string | null> = {
  classification: (p) => (typeof p.label === 'string' ? p.label : null),
  'multiple-choice': (p) => {
    if (typeof p.answer !== 'string') return null;
    const letter = p.answer;
    const options = Array.isArray(p.options) ? (p.options as unknown[]) : [];
    const option = options[letter.charCodeAt(0) - 65];
    return typeof option === 'string' ? `${letter}: ${option}` : letter;
  },
  'closed-vqa': (p) => {
    if (typeof p.answer !== 'string') return null;
    const choices = Array.isArray(p.choices) ? (p.choices as unknown[]).map(String) : null;
    return choices ? `${p.answer} (of ${choices.join(' / ')})` : p.answer;
  },
  'open-vqa': (p) =>
    Array.isArray(p.answers) ? (p.answers as unknown[]).map(String).join(' | ') : null,
  regression: (p) => (typeof p.value === 'number' ? String(p.value) : null),
  detection: (p) =>
    Array.isArray(p.boxes) ? `${p.boxes.length} box${p.boxes.length === 1 ? '' : 'es'}` : null,
  retrieval: (p) =>
    Array.isArray(p.judgments)
      ? `${(p.judgments as [string, number][]).filter(([, grade]) => grade > 0).length} relevant of ${p.judgments.length} judged`
      : null,
  'report-generation': (p) => {
    const words = Object.values(p)
      .filter((v): v is string => typeof v === 'string')
      .join(' ')
      .split(/\s+/)
      .filter(Boolean).length;
    return `${words} words`;
  },
  // Masks are megabytes per case; the per-case metric values say what a curator needs.
  segmentation: () => null,
};

export function truthText(taskType: string, payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const read = Object.hasOwn(TRUTH_TEXT, taskType) ? TRUTH_TEXT[taskType as TaskTypeKey] : null;
  return read ? read(payload as Payload) : null;
}

const refuse = (
  code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN',
  message: string,
): { ok: false; code: typeof code; message: string } => ({ ok: false, code, message });

/**
 * Answers an entry-case-results query: refuses anyone who may not curate the benchmark with the
 * answer the curation routes give (NOT_FOUND for a draft, FORBIDDEN for a published benchmark),
 * then sorts the entry's per-case values by `sortMetric` (missing values last either way, ties
 * by case id) and returns one page.
 */
export async function handleEntryCaseResults(
  { db }: { db: Database },
  input: EntryCaseResultsInput,
): Promise<BoardQueryAnswer<EntryCaseResultsResult>> {
  const { slug, submissionId, testSetId, actorUserId } = input;
  const order = input.order ?? 'asc';
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 50;
  const user = await users.findById(db, actorUserId);
  if (!user) return refuse('NOT_FOUND', `no benchmark "${slug}"`);
  let benchmarkId: string;
  try {
    ({ benchmarkId } = await assertCanCurate(db, { userId: user.id, role: user.role }, slug));
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN'))
      return refuse(error.code, error.message);
    throw error;
  }
  const data = await entryCases.loadEntryCases(db, {
    benchmarkId,
    submissionId,
    testSetId,
    withTruth: hasCheapTruth,
  });
  if (!data) return refuse('NOT_FOUND', 'no scored entry with that id on that test set');
  const total = data.caseIds.length;
  const metrics = data.metrics.filter((m) => data.values.get(m)?.length === total);
  if (input.sortMetric !== undefined && !metrics.includes(input.sortMetric))
    return refuse(
      'BAD_REQUEST',
      `"${input.sortMetric}" has no per-case values for this entry; sortable: ${metrics.join(', ') || 'none'}`,
    );
  const dimensions: string[] = [];
  for (const m of data.metadata)
    for (const key of Object.keys(m)) if (!dimensions.includes(key)) dimensions.push(key);
  const base = {
    submissionId: data.submissionId,
    methodName: data.methodName,
    testSetSlug: data.testSetSlug,
    evaluatorVersion: data.evaluatorVersion,
    metrics,
    dimensions,
    total,
    offset,
    sortMetric: input.sortMetric ?? null,
    order,
  };
  if (data.casesVersion !== null && data.evaluatorVersion < data.casesVersion)
    return {
      ok: true,
      result: {
        ...base,
        note: `the cases of this test set changed at evaluator v${data.casesVersion}; this entry's newest scoring is v${data.evaluatorVersion}, whose per-case values belong to the old cases: rescore to see them`,
        rows: [],
      },
    };

  const indices = Array.from({ length: total }, (_, i) => i);
  const sortValues = input.sortMetric ? data.values.get(input.sortMetric) : undefined;
  const sign = order === 'asc' ? 1 : -1;
  indices.sort((a, b) => {
    if (sortValues) {
      const va = sortValues[a]!;
      const vb = sortValues[b]!;
      const na = Number.isNaN(va);
      const nb = Number.isNaN(vb);
      if (na !== nb) return na ? 1 : -1;
      if (!na && va !== vb) return sign * (va - vb);
    }
    return a - b; // case id order
  });
  const rows = indices.slice(offset, offset + limit).map((i) => {
    const caseId = data.caseIds[i]!;
    const categories: Record<string, string> = {};
    for (const [key, value] of Object.entries(data.metadata[i] ?? {}))
      if (value !== null && value !== undefined) categories[key] = String(value);
    const values: Record<string, number | null> = {};
    for (const m of metrics) {
      const v = data.values.get(m)![i]!;
      values[m] = Number.isNaN(v) ? null : v;
    }
    const truth = data.truth.has(caseId) ? truthText(data.taskType, data.truth.get(caseId)) : null;
    return { caseId, categories, truth, values };
  });
  return {
    ok: true,
    result: {
      ...base,
      note:
        metrics.length === 0
          ? 'this entry has no stored per-case values (scored before they were stored, or its metrics are not per-case)'
          : null,
      rows,
    },
  };
}
