import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { readJsonlCases, readJsonCategories, UniqueCaseIds } from '../cases/case-ids.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
import {
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

/** Options are lettered A…Z, as in extractChoice. */
export const MAX_CHOICE_OPTIONS = 26;

export interface MultipleChoiceGroundTruth {
  /** Case ids in file order. */
  caseIds: string[];
  /** Correct option letter per case (`A`…), upper-case. */
  answers: string[];
  /** Option texts per case; option i has letter `A + i`. */
  options: string[][];
  /** Public category metadata per case (`{}` when the line has none). */
  categories: Record<string, string>[];
}

/**
 * Parses a multiple-choice (closed VQA) ground truth in JSONL, one question per line, as
 * GMAI-MMBench and MedXpertQA distribute them:
 * `{"id": "q1", "answer": "B", "options": ["Pneumonia", "Edema", …] | {"A": "Pneumonia", "B": "Edema", …},
 *   "categories": {"modality": "CT", "task": "diagnosis"}}`.
 * Rules: `id` a non-empty string or an integer, unique; `options` 2…26 strings, or an object whose
 * keys are exactly the letters A, B, C… in order; `answer` one letter (any case) among the
 * options; `categories` optional, string values. Other fields (question, image…) are ignored.
 * Never throws for bad content: problems come back as issues with line, field and case id.
 */
export async function parseMultipleChoiceGroundTruth(
  source: TextSource,
  { maxIssues = 50, limits }: { maxIssues?: number; limits?: TextLineLimits } = {},
): Promise<ParseResult<MultipleChoiceGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const ids = new UniqueCaseIds(issues);
  const truth: MultipleChoiceGroundTruth = {
    caseIds: [],
    answers: [],
    options: [],
    categories: [],
  };
  try {
    for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
      if (!ids.add(caseId, line, 'id')) continue;
      const options = readOptions(value.options, line, caseId, issues);
      if (options === null) continue;
      const answer = value.answer;
      const letter = typeof answer === 'string' ? answer.trim().toUpperCase() : '';
      if (!/^[A-Z]$/.test(letter) || letter.charCodeAt(0) - 65 >= options.length) {
        issues.add({
          line,
          column: 'answer',
          caseId,
          message: `"answer" must be one option letter A–${String.fromCharCode(64 + options.length)}; found ${typeof answer === 'string' ? `"${truncate(answer)}"` : describeJsonType(answer)}`,
        });
        continue;
      }
      const categories = readJsonCategories(value, 'categories', line, caseId, issues);
      if (categories === null) continue;
      truth.caseIds.push(caseId);
      truth.answers.push(letter);
      truth.options.push(options);
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

function readOptions(
  raw: unknown,
  line: number,
  caseId: string,
  issues: IssueCollector,
): string[] | null {
  const fail = (message: string) => {
    issues.add({ line, column: 'options', caseId, message });
    return null;
  };
  let options: unknown[];
  if (Array.isArray(raw)) {
    options = raw;
  } else if (typeof raw === 'object' && raw !== null) {
    const keys = Object.keys(raw);
    const expected = keys.map((_, i) => String.fromCharCode(65 + i));
    if (keys.some((k, i) => k.trim().toUpperCase() !== expected[i])) {
      return fail(
        `"options" keys must be the letters ${expected.slice(0, 3).join(', ')}… in order; found ${keys
          .slice(0, 6)
          .map((k) => `"${truncate(k, 10)}"`)
          .join(', ')}`,
      );
    }
    options = Object.values(raw);
  } else {
    return fail(
      `"options" must be a list of option texts or an object {"A": …, "B": …}; found ${raw === undefined ? 'no "options" field' : describeJsonType(raw)}`,
    );
  }
  if (options.length < 2 || options.length > MAX_CHOICE_OPTIONS) {
    return fail(`"options" must hold 2 to ${MAX_CHOICE_OPTIONS} options; found ${options.length}`);
  }
  const bad = options.findIndex((o) => typeof o !== 'string');
  if (bad !== -1)
    return fail(
      `option ${String.fromCharCode(65 + bad)} must be a string; found ${describeJsonType(options[bad])}`,
    );
  return options as string[];
}
