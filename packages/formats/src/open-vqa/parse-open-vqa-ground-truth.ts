import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { readJsonlCases, readJsonCategories, UniqueCaseIds } from '../cases/case-ids.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
import {
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

export interface OpenVqaGroundTruth {
  /** Case ids in file order. */
  caseIds: string[];
  /** Acceptable answers per case (at least one). */
  answers: string[][];
  /** Public category metadata per case (`{}` when none). */
  categories: Record<string, string>[];
}

/**
 * Parses an open-ended VQA ground truth in JSONL (VQA-RAD, SLAKE, PathVQA style):
 * `{"id": "q1", "answer": "left lower lobe" | ["left lower lobe", "LLL"], "categories": {…}}`.
 * `answer` is a string or a non-empty list of acceptable answers (numbers are kept as their text);
 * scores take the best match over the list. Other fields are ignored. Never throws for bad content.
 */
export async function parseOpenVqaGroundTruth(
  source: TextSource,
  { maxIssues = 50, limits }: { maxIssues?: number; limits?: TextLineLimits } = {},
): Promise<ParseResult<OpenVqaGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const ids = new UniqueCaseIds(issues);
  const truth: OpenVqaGroundTruth = { caseIds: [], answers: [], categories: [] };
  try {
    for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
      if (!ids.add(caseId, line, 'id')) continue;
      const raw = value.answer;
      const list = Array.isArray(raw) ? raw : [raw];
      const answers = list.map((a) =>
        typeof a === 'string' ? a : typeof a === 'number' && Number.isFinite(a) ? String(a) : null,
      );
      const bad = answers.indexOf(null);
      if (list.length === 0 || bad !== -1) {
        issues.add({
          line,
          column: 'answer',
          caseId: caseId,
          message:
            list.length === 0
              ? '"answer" is an empty list; expected a string or a list of acceptable answers'
              : `"answer" must be a string or a list of strings; found ${raw === undefined ? 'no "answer" field' : describeJsonType(list[bad])}${Array.isArray(raw) ? ` at position ${bad + 1}` : ''}`,
        });
        continue;
      }
      const categories = readJsonCategories(value, 'categories', line, caseId, issues);
      if (categories === null) continue;
      truth.caseIds.push(caseId);
      truth.answers.push(answers as string[]);
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
    issues.add({ message: 'no questions: the file is empty; expected one JSON object per line' });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: truth };
}
