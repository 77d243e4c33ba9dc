import type { FileIssue, MemoryBudget } from '@medrank/core';
import { CsvFormatError, IssueCollector, readCsvRecords, type CsvSource } from '@medrank/formats';
import { getTaskType, type GroundTruthCase } from '@medrank/scoring';
import type { groundTruthUploads } from '@medrank/db';
import { summarizeGroundTruth } from './summarize-ground-truth.js';

type Preview = groundTruthUploads.GroundTruthPreview;
type UploadError = groundTruthUploads.GroundTruthUploadError;

export type GroundTruthValidation =
  | { ok: true; cases: GroundTruthCase[]; categoryDimensions: string[]; preview: Preview }
  | { ok: false; error: UploadError };

const MAX_ISSUES = 50;
const DIMENSION = /^[A-Za-z][A-Za-z0-9_ -]{0,63}$/;

/**
 * Reads a ground-truth file with the track's task type (the same parser as scoring uses) and an
 * optional case-metadata CSV (`case_id` + one column per category dimension), and returns the
 * cases to store with a preview, or every problem with its line. Metadata ids must match the
 * ground truth exactly: unknown ids are reported by line, missing ones by case id. Category
 * dimensions declared on the test set must be present, and no others.
 */
export async function validateGroundTruthFiles({
  taskType,
  taskConfig,
  truth,
  metadata,
  declaredDimensions,
  memoryBudget,
}: {
  taskType: string;
  taskConfig: Record<string, unknown>;
  truth: { source: CsvSource; fileName: string };
  metadata?: { source: CsvSource; fileName: string } | null;
  /** The test set's categoryDimensions from its definition; empty = take what the files have. */
  declaredDimensions: readonly string[];
  /** The job's memory budget for decoded data (segmentation masks); see ParseOptions. */
  memoryBudget?: MemoryBudget;
}): Promise<GroundTruthValidation> {
  let type;
  let config: unknown;
  try {
    type = getTaskType(taskType);
    config = type.parseConfig(taskConfig);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`the track cannot take ground truth yet: ${message}`, []);
  }
  const parsed = await type.parseGroundTruth(truth.source, config, {
    maxIssues: MAX_ISSUES,
    ...(memoryBudget ? { memoryBudget } : {}),
  });
  if (!parsed.ok)
    return fail(
      `${truth.fileName}: ${parsed.issueCount} problem${parsed.issueCount === 1 ? '' : 's'}; nothing was saved`,
      parsed.issues,
      parsed.issueCount,
    );
  const cases = type.groundTruthCases(parsed.value, config);

  const fileDimensions = dimensionsOf(cases);
  let csvDimensions: string[] = [];
  if (metadata) {
    const merged = await mergeMetadataCsv(cases, metadata);
    if (!merged.ok) return merged;
    csvDimensions = merged.dimensions;
  }
  const found = [...fileDimensions, ...csvDimensions.filter((d) => !fileDimensions.includes(d))];
  const dimensionIssues: FileIssue[] = [];
  if (declaredDimensions.length > 0) {
    for (const d of declaredDimensions)
      if (!found.includes(d))
        dimensionIssues.push({
          column: d,
          message: `the test set declares the category dimension "${d}", but neither the ground truth's categories nor the metadata file has it`,
        });
    for (const d of csvDimensions)
      if (!declaredDimensions.includes(d))
        dimensionIssues.push({
          line: 1,
          column: d,
          message: `${metadata?.fileName ?? 'metadata'}: column "${d}" is not a category dimension of this test set (declared: ${declaredDimensions.join(', ')}); rename it or add it to the definition`,
        });
  }
  if (dimensionIssues.length)
    return fail(
      'the category dimensions do not match the test set; nothing was saved',
      dimensionIssues,
    );

  const categoryDimensions = declaredDimensions.length > 0 ? [...declaredDimensions] : found;
  const summary = summarizeGroundTruth(
    taskType,
    config,
    cases,
    memoryBudget ? { memoryBudget } : {},
  );
  return {
    ok: true,
    cases,
    categoryDimensions,
    preview: { ...previewOf(cases, categoryDimensions), ...(summary ? { summary } : {}) },
  };
}

function fail(
  message: string,
  issues: FileIssue[],
  issueCount = issues.length,
): GroundTruthValidation {
  return { ok: false, error: { message, issues: issues.slice(0, MAX_ISSUES), issueCount } };
}

function dimensionsOf(cases: readonly GroundTruthCase[]): string[] {
  const seen = new Set<string>();
  for (const c of cases) for (const d of Object.keys(c.metadata)) seen.add(d);
  return [...seen];
}

/** Adds the metadata CSV's categories to `cases` (in place) after checking every id and column. */
async function mergeMetadataCsv(
  cases: GroundTruthCase[],
  metadata: { source: CsvSource; fileName: string },
): Promise<{ ok: true; dimensions: string[] } | Extract<GroundTruthValidation, { ok: false }>> {
  const issues = new IssueCollector(MAX_ISSUES);
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  const seenOn = new Map<string, number>();
  const rows = new Map<string, Record<string, string>>();
  let header: {
    caseColumn: number;
    dimensions: { name: string; index: number }[];
    width: number;
  } | null = null;
  const name = metadata.fileName;
  try {
    for await (const { line, fields } of readCsvRecords(metadata.source)) {
      if (!header) {
        const names = fields.map((f) => f.trim());
        const caseColumn = names.indexOf('case_id');
        if (caseColumn < 0) {
          issues.add({
            line,
            message: `${name}: the header must have a case_id column and one column per category dimension; found "${names.join(',')}"`,
          });
          return failFrom(issues, name);
        }
        const dimensions = names
          .map((n, index) => ({ name: n, index }))
          .filter((d) => d.index !== caseColumn);
        if (dimensions.length === 0)
          issues.add({ line, message: `${name}: no category columns beside case_id` });
        const seen = new Set<string>();
        for (const d of dimensions) {
          if (!DIMENSION.test(d.name))
            issues.add({
              line,
              column: d.name,
              message: `${name}: column "${d.name}" is not a usable dimension name (letters, digits, space, _ and -, starting with a letter)`,
            });
          if (seen.has(d.name))
            issues.add({
              line,
              column: d.name,
              message: `${name}: column "${d.name}" appears twice`,
            });
          seen.add(d.name);
        }
        if (issues.hasIssues) return failFrom(issues, name);
        header = { caseColumn, dimensions, width: fields.length };
        continue;
      }
      if (fields.length !== header.width) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; the header has ${header.width}`,
        });
        continue;
      }
      const caseId = (fields[header.caseColumn] ?? '').trim();
      if (caseId === '') {
        issues.add({ line, column: 'case_id', message: `line ${line}: empty case_id` });
        continue;
      }
      const previous = seenOn.get(caseId);
      if (previous !== undefined) {
        issues.add({
          line,
          column: 'case_id',
          caseId,
          message: `line ${line}: case "${caseId}" appears more than once (lines ${previous} and ${line})`,
        });
        continue;
      }
      seenOn.set(caseId, line);
      if (!byId.has(caseId)) {
        issues.add({
          line,
          column: 'case_id',
          caseId,
          message: `line ${line}: case "${caseId}" is not in the ground-truth file`,
        });
        continue;
      }
      const values: Record<string, string> = {};
      for (const d of header.dimensions) {
        const value = (fields[d.index] ?? '').trim();
        // An empty cell leaves the case out of that dimension's breakdown.
        if (value !== '') values[d.name] = value;
      }
      rows.set(caseId, values);
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      issues.add(error.issue);
      return failFrom(issues, name);
    }
    throw error;
  }
  if (!header) {
    issues.add({ message: `${name} is empty; expected a header "case_id,<dimension>,…"` });
    return failFrom(issues, name);
  }
  for (const c of cases)
    if (!seenOn.has(c.caseId))
      issues.add({
        caseId: c.caseId,
        message: `case "${c.caseId}" of the ground truth has no row in ${name}`,
      });
  if (issues.hasIssues) return failFrom(issues, name);
  for (const c of cases) c.metadata = { ...c.metadata, ...rows.get(c.caseId) };
  return { ok: true, dimensions: header.dimensions.map((d) => d.name) };
}

function failFrom(
  issues: IssueCollector,
  fileName: string,
): Extract<GroundTruthValidation, { ok: false }> {
  return {
    ok: false,
    error: {
      message: `${fileName}: ${issues.count} problem${issues.count === 1 ? '' : 's'}; nothing was saved`,
      issues: issues.issues,
      issueCount: issues.count,
    },
  };
}

/** Aggregates only: class or answer counts and cases per category. Never a per-case value. */
export function previewOf(
  cases: readonly GroundTruthCase[],
  dimensions: readonly string[],
): Preview {
  const labels = new Map<string, number>();
  for (const c of cases) {
    const label =
      typeof c.truth.label === 'string'
        ? c.truth.label
        : typeof c.truth.answer === 'string'
          ? c.truth.answer
          : null;
    if (label !== null) labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  const byCount = (a: [string, number], b: [string, number]) =>
    b[1] - a[1] || a[0].localeCompare(b[0]);
  return {
    caseCount: cases.length,
    labelBalance: [...labels].sort(byCount).map(([label, count]) => ({ label, count })),
    categories: dimensions.map((dimension) => {
      const counts = new Map<string, number>();
      for (const c of cases) {
        const value = c.metadata[dimension];
        if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return {
        dimension,
        counts: [...counts].sort(byCount).map(([category, count]) => ({ category, count })),
      };
    }),
  };
}
