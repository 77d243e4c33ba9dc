import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import {
  CaseClaims,
  readJsonlCases,
  readJsonCategories,
  UniqueCaseIds,
} from '../cases/case-ids.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
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
    for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
      if (!ids.add(caseId, line, 'id')) continue;
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
            caseId: caseId,
            message: `"${section}" must be a non-empty string; found ${text === undefined ? `no "${section}" field` : typeof text === 'string' ? 'an empty string' : describeJsonType(text)}`,
          });
        }
      }
      const categories = readJsonCategories(value, 'categories', line, caseId, issues);
      if (!isValid || categories === null) continue;
      truth.caseIds.push(caseId);
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
    for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
      isEmpty = false;
      const index = claims.claim(caseId, line, 'id');
      if (index === undefined) continue;
      for (const section of sections) {
        const text = value[section];
        if (typeof text === 'string' || text === null) reports[index]![section] = text ?? '';
        else {
          issues.add({
            line,
            column: section,
            caseId: caseId,
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
  // Every line either reached the loop body or was reported: no issue and no line means empty.
  if (isEmpty && !issues.hasIssues) {
    issues.add({
      message: `file is empty; expected one JSON object {"id", ${sections.map((s) => `"${s}"`).join(', ')}} per line`,
    });
    return issues.fail();
  }
  claims.reportMissing('report');
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { reports } };
}
