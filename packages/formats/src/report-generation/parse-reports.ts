import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import {
  CaseClaims,
  readJsonCaseId,
  readJsonCategories,
  UniqueCaseIds,
} from '../cases/case-ids.js';
import { describeJsonType, readJsonlRecords } from '../jsonl/read-jsonl-records.js';
import {
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

/** The report sections of MIMIC-CXR / ReXrank style benchmarks. */
export const REPORT_SECTIONS = ['findings', 'impression'] as const;

export interface ReportGroundTruth {
  caseIds: string[];
  /** Per case, every section the line gives as a non-empty string (at least the required ones). */
  reports: Record<string, string>[];
  categories: Record<string, string>[];
}

export interface ReportPredictions {
  /** Per case (aligned to `caseIds`), the required sections' texts. */
  reports: Record<string, string>[];
}

interface ReportOptions {
  /** Sections every line must have (e.g. `["findings"]`). */
  sections: readonly string[];
  maxIssues?: number;
  limits?: TextLineLimits;
}

/**
 * Parses a report-generation ground truth in JSONL: `{"id": "s1", "findings": "…", "impression":
 * "…", "categories": {…}}`. The `sections` given must be non-empty strings (an empty reference
 * makes every text metric degenerate); the other known sections (`findings`, `impression`) are
 * kept when present, so one test set serves a findings track and a findings + impression track.
 * Never throws for bad content.
 */
export async function parseReportGroundTruth(
  source: TextSource,
  { sections, maxIssues = 50, limits }: ReportOptions,
): Promise<ParseResult<ReportGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const ids = new UniqueCaseIds(issues);
  const truth: ReportGroundTruth = { caseIds: [], reports: [], categories: [] };
  const kept = [...new Set([...sections, ...REPORT_SECTIONS])];
  try {
    for await (const record of readJsonlRecords(source, limits)) {
      if (record.error !== undefined) {
        issues.add({ line: record.line, message: record.error });
        continue;
      }
      const { line, value } = record;
      const id = readJsonCaseId(value, 'id', line);
      if (!id.ok) {
        issues.add(id.issue);
        continue;
      }
      if (!ids.add(id.caseId, line, 'id')) continue;
      const report: Record<string, string> = {};
      let isValid = true;
      for (const section of kept) {
        const text = value[section];
        if (typeof text === 'string' && text.trim() !== '') report[section] = text;
        else if (sections.includes(section)) {
          isValid = false;
          issues.add({
            line,
            column: section,
            caseId: id.caseId,
            message: `"${section}" must be a non-empty string; found ${text === undefined ? `no "${section}" field` : typeof text === 'string' ? 'an empty string' : describeJsonType(text)}`,
          });
        }
      }
      const categories = readJsonCategories(value, 'categories', line, id.caseId, issues);
      if (!isValid || categories === null) continue;
      truth.caseIds.push(id.caseId);
      truth.reports.push(report);
      truth.categories.push(categories);
    }
  } catch (error) {
    if (error instanceof TextFileError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  if (ids.size === 0 && !issues.hasIssues)
    issues.add({ message: 'no reports: the file is empty; expected one JSON object per line' });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: truth };
}

/**
 * Parses generated reports in JSONL: `{"id": "s1", "findings": "…", "impression": "…"}`; every
 * required section is a string (`""` or `null` is an empty report, scored as such), other fields
 * are ignored. Every case exactly once. Never throws for bad content.
 */
export async function parseReportPredictions(
  source: TextSource,
  { caseIds, sections, maxIssues = 50, limits }: ReportOptions & { caseIds: readonly string[] },
): Promise<ParseResult<ReportPredictions>> {
  const issues = new IssueCollector(maxIssues);
  const claims = new CaseClaims(caseIds, issues);
  const reports: Record<string, string>[] = caseIds.map(() => ({}));
  let isEmpty = true;
  try {
    for await (const record of readJsonlRecords(source, limits)) {
      isEmpty = false;
      if (record.error !== undefined) {
        issues.add({ line: record.line, message: record.error });
        continue;
      }
      const { line, value } = record;
      const id = readJsonCaseId(value, 'id', line);
      if (!id.ok) {
        issues.add(id.issue);
        continue;
      }
      const index = claims.claim(id.caseId, line, 'id');
      if (index === undefined) continue;
      for (const section of sections) {
        const text = value[section];
        if (typeof text === 'string' || text === null) reports[index]![section] = text ?? '';
        else {
          issues.add({
            line,
            column: section,
            caseId: id.caseId,
            message: `"${section}" must be a string; found ${text === undefined ? `no "${section}" field` : describeJsonType(text)}`,
          });
        }
      }
    }
  } catch (error) {
    if (error instanceof TextFileError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  if (isEmpty) {
    issues.add({
      message: `file is empty; expected one JSON object {"id", ${sections.map((s) => `"${s}"`).join(', ')}} per line`,
    });
    return issues.fail();
  }
  claims.reportMissing('report');
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { reports } };
}
