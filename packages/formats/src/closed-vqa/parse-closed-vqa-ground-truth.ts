import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { readJsonlCases, readJsonCategories, UniqueCaseIds } from '../cases/case-ids.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
import {
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

/** Most choices a closed question may have; the same limit as the extraction's (@medrank/metrics MAX_CLOSED_CHOICES). */
export const MAX_CLOSED_VQA_CHOICES = 10;

export interface ClosedVqaGroundTruth {
  /** Case ids in file order. */
  caseIds: string[];
  /** The true answer per case, spelt as in its choices (the case's own, else the answer set). */
  answers: string[];
  /** A case's own choices (either-or questions); null where the track's answer set applies. */
  choices: (string[] | null)[];
  /** Public category metadata per case (`{}` when the line has none). */
  categories: Record<string, string>[];
}

export interface ClosedVqaGroundTruthOptions {
  /** The track's answers (already checked by its configuration), for lines without `choices`. */
  answerSet: readonly string[];
  /**
   * The form in which answers and choices are compared (@medrank/metrics normalizeClosedAnswer,
   * passed in because formats does not import metrics): `"Yes."` is the choice `yes`.
   */
  normalize: (text: string) => string;
  maxIssues?: number;
  limits?: TextLineLimits;
}

/**
 * Parses a closed-question ground truth (yes/no and either-or questions, VQA-RAD style) in JSONL:
 * `{"id": "q1", "answer": "yes", "choices"?: ["left", "right"], "categories"?: {"organ": "chest"}}`.
 * Rules: `id` a non-empty string or an integer, unique; `choices` optional, 2–10 texts that stay
 * distinct and non-empty once normalized (it replaces the track's answer set for this question);
 * `answer` a text (a number is kept as its text) equal, once normalized, to one of the question's
 * choices; it is stored as that choice is spelt. Other fields (question, image…) are ignored.
 * Never throws for bad content: problems come back as issues with line, field and case id.
 */
export async function parseClosedVqaGroundTruth(
  source: TextSource,
  { answerSet, normalize, maxIssues = 50, limits }: ClosedVqaGroundTruthOptions,
): Promise<ParseResult<ClosedVqaGroundTruth>> {
  const issues = new IssueCollector(maxIssues);
  const ids = new UniqueCaseIds(issues);
  const truth: ClosedVqaGroundTruth = { caseIds: [], answers: [], choices: [], categories: [] };
  const answerSetForms = answerSet.map(normalize);
  try {
    for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
      if (!ids.add(caseId, line, 'id')) continue;
      const own = readChoices(value.choices, normalize, line, caseId, issues);
      if (own === undefined) continue;
      const choices = own ?? answerSet;
      const forms = own ? own.map(normalize) : answerSetForms;
      const raw = value.answer;
      const answer =
        typeof raw === 'string'
          ? raw
          : typeof raw === 'number' && Number.isFinite(raw)
            ? String(raw)
            : null;
      const index = answer === null ? -1 : forms.indexOf(normalize(answer));
      if (index === -1) {
        const found =
          answer === null
            ? raw === undefined
              ? 'no "answer" field'
              : describeJsonType(raw)
            : `"${truncate(answer)}"`;
        issues.add({
          line,
          column: 'answer',
          caseId,
          message: `"answer" must be one of ${own ? 'the question’s choices' : 'the track’s answer set'} ${choices.map((c) => `"${truncate(c, 30)}"`).join(', ')} (case, punctuation and articles aside); found ${found}`,
        });
        continue;
      }
      const categories = readJsonCategories(value, 'categories', line, caseId, issues);
      if (categories === null) continue;
      truth.caseIds.push(caseId);
      truth.answers.push(choices[index]!);
      truth.choices.push(own);
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

/** A line's own `choices`: null when absent, undefined (after an issue) when unusable. */
function readChoices(
  raw: unknown,
  normalize: (text: string) => string,
  line: number,
  caseId: string,
  issues: IssueCollector,
): string[] | null | undefined {
  if (raw === undefined || raw === null) return null;
  const fail = (message: string) => {
    issues.add({ line, column: 'choices', caseId, message });
    return undefined;
  };
  if (!Array.isArray(raw))
    return fail(
      `"choices" must be a list of 2 to ${MAX_CLOSED_VQA_CHOICES} answer texts, e.g. ["left", "right"]; found ${describeJsonType(raw)}`,
    );
  if (raw.length < 2 || raw.length > MAX_CLOSED_VQA_CHOICES)
    return fail(
      `"choices" must hold 2 to ${MAX_CLOSED_VQA_CHOICES} answer texts; found ${raw.length}`,
    );
  const bad = raw.findIndex((c) => typeof c !== 'string');
  if (bad !== -1)
    return fail(`choice ${bad + 1} must be a string; found ${describeJsonType(raw[bad])}`);
  const choices = raw as string[];
  const forms = choices.map(normalize);
  const blank = forms.indexOf('');
  if (blank !== -1)
    return fail(
      `choice ${blank + 1} ("${truncate(choices[blank]!, 30)}") has no letter or digit besides articles; a choice must be a word`,
    );
  for (let j = 1; j < forms.length; j++) {
    const first = forms.indexOf(forms[j]!);
    if (first < j)
      return fail(
        `choices ${first + 1} and ${j + 1} ("${truncate(choices[first]!, 30)}", "${truncate(choices[j]!, 30)}") are the same answer once case, punctuation and articles are ignored`,
      );
  }
  return choices;
}
