import {
  CsvFormatError,
  readCsvRecords,
  type CsvLimits,
  type CsvSource,
} from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { parseProbability, truncate } from '../csv/parse-number.js';
import { headerIssue, quoteList, readHeader } from './read-header.js';
import { parseLabel } from './parse-label.js';

export interface ClassificationPredictionsOptions {
  /** The benchmark's test cases; output arrays follow this order. */
  caseIds: readonly string[];
  /** Class names in class-index order. */
  classes: readonly string[];
  /** Binary tasks: index of the positive class (default 1), for single-column files and the 0.5 threshold. */
  positiveClass?: number;
  /** Issues kept in the result (all are counted). Default 50. */
  maxIssues?: number;
  /** Allowed deviation of a probability row's sum from 1. Default 1e-6. */
  sumTolerance?: number;
  limits?: CsvLimits;
}

export interface ClassificationPredictions {
  kind: 'probabilities' | 'labels';
  /** Row-major n×k class probabilities aligned to `caseIds`; null for label-only files. */
  scores: Float64Array | null;
  /** Predicted class index per case, aligned to `caseIds`. */
  predictedLabels: Int32Array;
}

const MAX_MISSING_LISTED = 20;

/**
 * Parses and validates a classification predictions CSV against a benchmark's cases and classes.
 *
 * Accepted headers (columns in any order, names trimmed, case-sensitive):
 * - `case_id,p_<class>…`: one probability column per declared class;
 * - binary tasks only: `case_id,p_<positive class>`; the other class gets 1 − p;
 * - `case_id,label`: label is a class name or its 0-based index (names win if a name is a number).
 *
 * Rules: every known case exactly once (duplicates name both lines; unknown and missing ids are
 * reported); probabilities are finite decimals in [0, 1]; with two or more probability columns a
 * row must sum to 1 within `sumTolerance`. Rows are never renormalised: a softmax that does not
 * sum to 1 is almost always a column mix-up or a truncated export, and renormalising would hide
 * it while changing calibration metrics.
 * Predicted labels: binary, p(positive) ≥ 0.5 → positive; multi-class, the first column with the
 * largest probability (numpy argmax).
 * Never throws for bad content: file-level problems (empty, binary, too large, broken quoting)
 * come back as issues too.
 */
export async function parseClassificationPredictions(
  source: CsvSource,
  {
    caseIds,
    classes,
    positiveClass = 1,
    maxIssues = 50,
    sumTolerance = 1e-6,
    limits,
  }: ClassificationPredictionsOptions,
): Promise<ParseResult<ClassificationPredictions>> {
  const k = classes.length;
  if (k < 2)
    throw new RangeError('parseClassificationPredictions: at least two classes are needed');
  if (k === 2 && positiveClass !== 0 && positiveClass !== 1)
    throw new RangeError('positiveClass must be 0 or 1');
  const issues = new IssueCollector(maxIssues);
  const caseIndex = new Map<string, number>();
  caseIds.forEach((id, i) => caseIndex.set(id, i));
  const n = caseIds.length;
  const firstLine = new Int32Array(n); // 0 = not seen yet
  const predictedLabels = new Int32Array(n);
  let scores: Float64Array | null = null;

  type Layout =
    | { kind: 'labels'; caseColumn: number; labelColumn: number; width: number }
    | { kind: 'probabilities'; caseColumn: number; classColumns: number[]; width: number }
    | { kind: 'positive-only'; caseColumn: number; positiveColumn: number; width: number };
  let layout: Layout | null = null;

  try {
    for await (const { line, fields } of readCsvRecords(source, limits)) {
      if (!layout) {
        layout = resolveLayout(fields);
        if (!layout) return issues.fail();
        if (layout.kind !== 'labels') scores = new Float64Array(n * k);
        continue;
      }
      if (fields.length !== layout.width) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; the header has ${layout.width}`,
        });
        continue;
      }
      const caseId = fields[layout.caseColumn]!.trim();
      if (caseId === '') {
        issues.add({ line, column: 'case_id', message: 'empty case_id' });
        continue;
      }
      const index = caseIndex.get(caseId);
      if (index === undefined) {
        issues.add({
          line,
          column: 'case_id',
          caseId,
          message: `unknown case_id "${truncate(caseId)}" (not in this test set)`,
        });
        continue;
      }
      if (firstLine[index] !== 0) {
        issues.add({
          line,
          column: 'case_id',
          caseId,
          message: `case "${truncate(caseId)}" appears more than once: lines ${firstLine[index]} and ${line}`,
        });
        continue;
      }
      firstLine[index] = line;

      if (layout.kind === 'labels') {
        const label = parseLabel(fields[layout.labelColumn]!, classes);
        if (label.ok) predictedLabels[index] = label.value;
        else issues.add({ line, column: 'label', caseId, message: label.message });
        continue;
      }

      const row = scores!;
      const offset = index * k;
      let isRowValid = true;
      if (layout.kind === 'positive-only') {
        const parsed = parseProbability(fields[layout.positiveColumn]!);
        if (!parsed.ok) {
          issues.add({
            line,
            column: `p_${classes[positiveClass]}`,
            caseId,
            message: parsed.message,
          });
          continue;
        }
        row[offset + positiveClass] = parsed.value;
        row[offset + 1 - positiveClass] = 1 - parsed.value;
      } else {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const parsed = parseProbability(fields[layout.classColumns[c]!]!);
          if (!parsed.ok) {
            issues.add({ line, column: `p_${classes[c]}`, caseId, message: parsed.message });
            isRowValid = false;
            continue;
          }
          row[offset + c] = parsed.value;
          sum += parsed.value;
        }
        if (!isRowValid) continue;
        if (Math.abs(sum - 1) > sumTolerance) {
          issues.add({
            line,
            caseId,
            message: `probabilities sum to ${sum}, expected 1 (±${sumTolerance}); rows are not renormalised`,
          });
          continue;
        }
      }
      predictedLabels[index] = predictFromRow(row, offset, k, positiveClass);
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }

  if (!layout) {
    issues.add({
      message: `file is empty; expected a header such as ${expectedHeaders().join(' or ')}`,
    });
    return issues.fail();
  }
  const missing: string[] = [];
  for (let i = 0; i < n; i++) if (firstLine[i] === 0) missing.push(caseIds[i]!);
  if (missing.length > 0) {
    issues.add({
      caseId: missing[0],
      message: `${missing.length} of ${n} cases have no prediction: ${quoteList(missing, MAX_MISSING_LISTED)}`,
    });
  }
  if (issues.hasIssues) return issues.fail();
  return {
    ok: true,
    value: { kind: layout.kind === 'labels' ? 'labels' : 'probabilities', scores, predictedLabels },
  };

  function expectedHeaders(): string[] {
    const full = ['case_id', ...classes.map((c) => `p_${c}`)].join(',');
    const alternatives = [`"${full}"`];
    if (k === 2) alternatives.push(`"case_id,p_${classes[positiveClass]}"`);
    alternatives.push('"case_id,label"');
    return alternatives;
  }

  function resolveLayout(fields: string[]): Layout | null {
    const header = readHeader(fields);
    const caseColumn = header.position.get('case_id') ?? -1;
    const width = fields.length;
    if (header.position.has('label') && !header.names.some((name) => name.startsWith('p_'))) {
      const issue = headerIssue(['case_id', 'label'], header, new Set(['case_id', 'label']));
      if (issue) {
        issues.add(issue);
        return null;
      }
      return { kind: 'labels', caseColumn, labelColumn: header.position.get('label')!, width };
    }
    const probabilityColumns = classes.map((c) => `p_${c}`);
    if (k === 2) {
      const positiveName = probabilityColumns[positiveClass]!;
      const negativeName = probabilityColumns[1 - positiveClass]!;
      if (header.position.has(positiveName) && !header.position.has(negativeName)) {
        const expected = ['case_id', positiveName];
        const issue = headerIssue(expected, header, new Set(expected));
        if (issue) {
          issues.add({
            ...issue,
            message: `${issue.message}. Accepted headers: ${expectedHeaders().join(' or ')}`,
          });
          return null;
        }
        return {
          kind: 'positive-only',
          caseColumn,
          positiveColumn: header.position.get(positiveName)!,
          width,
        };
      }
    }
    const expected = ['case_id', ...probabilityColumns];
    const issue = headerIssue(expected, header, new Set(expected));
    if (issue) {
      issues.add({
        ...issue,
        message: `${issue.message}. Accepted headers: ${expectedHeaders().join(' or ')}`,
      });
      return null;
    }
    return {
      kind: 'probabilities',
      caseColumn,
      classColumns: probabilityColumns.map((c) => header.position.get(c)!),
      width,
    };
  }
}

function predictFromRow(
  row: Float64Array,
  offset: number,
  k: number,
  positiveClass: number,
): number {
  if (k === 2) return row[offset + positiveClass]! >= 0.5 ? positiveClass : 1 - positiveClass;
  let best = 0;
  for (let c = 1; c < k; c++) if (row[offset + c]! > row[offset + best]!) best = c;
  return best;
}
