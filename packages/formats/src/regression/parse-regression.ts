import {
  CsvFormatError,
  readCsvRecords,
  type CsvLimits,
  type CsvSource,
} from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { headerIssue, readHeader } from '../classification/read-header.js';
import { CaseClaims, UniqueCaseIds } from '../cases/case-ids.js';

/** Plain decimal or scientific notation; rejects hex, "Infinity", "NaN", "1_000" and empty text. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One numeric cell: a finite decimal number, surrounding spaces ignored. */
export function parseFiniteNumber(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'empty value; expected a number' };
  if (!DECIMAL.test(trimmed))
    return { ok: false, message: `"${truncate(trimmed)}" is not a finite decimal number` };
  const value = Number(trimmed);
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, message: `"${truncate(trimmed)}" overflows` };
}

export interface RegressionGroundTruth {
  caseIds: string[];
  values: Float64Array;
}

type Row = { line: number; caseId: string; value: number };

async function readValueRows(
  source: CsvSource,
  issues: IssueCollector,
  limits: CsvLimits | undefined,
  onRow: (row: Row) => void,
): Promise<'ok' | 'empty' | 'stopped'> {
  let columns: { caseColumn: number; valueColumn: number; width: number } | null = null;
  try {
    for await (const { line, fields } of readCsvRecords(source, limits)) {
      if (!columns) {
        const header = readHeader(fields);
        const issue = headerIssue(['case_id', 'value'], header, new Set(['case_id', 'value']));
        if (issue) {
          issues.add(issue);
          return 'stopped';
        }
        columns = {
          caseColumn: header.position.get('case_id')!,
          valueColumn: header.position.get('value')!,
          width: fields.length,
        };
        continue;
      }
      if (fields.length !== columns.width) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; the header has ${columns.width}`,
        });
        continue;
      }
      const caseId = fields[columns.caseColumn]!.trim();
      if (caseId === '') {
        issues.add({ line, column: 'case_id', message: 'empty case_id' });
        continue;
      }
      const parsed = parseFiniteNumber(fields[columns.valueColumn]!);
      if (!parsed.ok) {
        issues.add({ line, column: 'value', caseId, message: parsed.message });
        continue;
      }
      onRow({ line, caseId, value: parsed.value });
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      issues.add(error.issue);
      return 'stopped';
    }
    throw error;
  }
  return columns ? 'ok' : 'empty';
}

/**
 * Parses a measurement / regression ground truth CSV `case_id,value` (either order): unique case
 * ids, finite decimal values. Never throws for bad content.
 */
export async function parseRegressionGroundTruth(
  source: CsvSource,
  { maxIssues = 50, limits }: { maxIssues?: number; limits?: CsvLimits } = {},
): Promise<ParseResult<RegressionGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const ids = new UniqueCaseIds(issues);
  const caseIds: string[] = [];
  const values: number[] = [];
  const status = await readValueRows(source, issues, limits, ({ line, caseId, value }) => {
    if (!ids.add(caseId, line, 'case_id')) return;
    caseIds.push(caseId);
    values.push(value);
  });
  if (status === 'empty')
    issues.add({ message: 'file is empty; expected a header "case_id,value"' });
  else if (status === 'ok' && caseIds.length === 0 && !issues.hasIssues)
    issues.add({ message: 'no cases: the file has a header but no rows' });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { caseIds, values: Float64Array.from(values) } };
}

/**
 * Parses regression predictions CSV `case_id,value` against the test set's cases: every case
 * exactly once, finite decimal values; output aligned to `caseIds`. Never throws for bad content.
 */
export async function parseRegressionPredictions(
  source: CsvSource,
  {
    caseIds,
    maxIssues = 50,
    limits,
  }: { caseIds: readonly string[]; maxIssues?: number; limits?: CsvLimits },
): Promise<ParseResult<{ values: Float64Array }>> {
  const issues = new IssueCollector(maxIssues);
  const claims = new CaseClaims(caseIds, issues);
  const values = new Float64Array(caseIds.length);
  const status = await readValueRows(source, issues, limits, ({ line, caseId, value }) => {
    const index = claims.claim(caseId, line, 'case_id');
    if (index !== undefined) values[index] = value;
  });
  if (status === 'empty')
    issues.add({ message: 'file is empty; expected a header "case_id,value"' });
  if (status !== 'ok') return issues.fail();
  claims.reportMissing();
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { values } };
}
