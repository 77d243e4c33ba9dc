import {
  CsvFormatError,
  readCsvRecords,
  type CsvLimits,
  type CsvSource,
} from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { parseLabel } from './parse-label.js';
import { headerIssue, readHeader } from './read-header.js';

export interface ClassificationGroundTruth {
  /** Case ids in file order. */
  caseIds: string[];
  /** Class index per case, aligned to `caseIds`. */
  labels: Int32Array;
}

/**
 * Parses a classification ground-truth CSV with header `case_id,label` (either order). Labels are
 * class names or 0-based indices (see `parseLabel`); case ids must be non-empty and unique.
 * Never throws for bad content: problems are returned as `FileIssue`s.
 */
export async function parseClassificationGroundTruth(
  source: CsvSource,
  {
    classes,
    maxIssues = 50,
    limits,
  }: { classes: readonly string[]; maxIssues?: number; limits?: CsvLimits },
): Promise<ParseResult<ClassificationGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const caseIds: string[] = [];
  const labels: number[] = [];
  const lineOf = new Map<string, number>();
  let columns: { caseColumn: number; labelColumn: number; width: number } | null = null;
  try {
    for await (const { line, fields } of readCsvRecords(source, limits)) {
      if (!columns) {
        const header = readHeader(fields);
        const issue = headerIssue(['case_id', 'label'], header, new Set(['case_id', 'label']));
        if (issue) {
          issues.add(issue);
          return issues.fail();
        }
        columns = {
          caseColumn: header.position.get('case_id')!,
          labelColumn: header.position.get('label')!,
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
      const previous = lineOf.get(caseId);
      if (previous !== undefined) {
        issues.add({
          line,
          column: 'case_id',
          caseId,
          message: `case "${truncate(caseId)}" appears more than once: lines ${previous} and ${line}`,
        });
        continue;
      }
      lineOf.set(caseId, line);
      const label = parseLabel(fields[columns.labelColumn]!, classes);
      if (!label.ok) {
        issues.add({ line, column: 'label', caseId, message: label.message });
        continue;
      }
      caseIds.push(caseId);
      labels.push(label.value);
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  if (!columns) {
    issues.add({ message: 'file is empty; expected a header "case_id,label"' });
    return issues.fail();
  }
  if (caseIds.length === 0 && !issues.hasIssues)
    issues.add({ message: 'no cases: the file has a header but no rows' });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { caseIds, labels: Int32Array.from(labels) } };
}
