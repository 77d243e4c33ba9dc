import { CsvFormatError, readCsvRecords, type CsvLimits } from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { headerIssue, readHeader } from '../classification/read-header.js';
import { CaseClaims, readJsonlCases } from '../cases/case-ids.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
import {
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';
import { sniffTextFormat, type TabularFormat } from '../text-lines/sniff-text-format.js';

export interface AnswerPredictionsOptions {
  /** The test set's cases; `answers` follows this order. */
  caseIds: readonly string[];
  /** `jsonl` or `csv`; default: sniffed from the file's first character (`{` → JSONL). */
  format?: TabularFormat;
  /** Issues kept in the result (all are counted). Default 50. */
  maxIssues?: number;
  limits?: TextLineLimits & CsvLimits;
}

export interface AnswerPredictions {
  /** The raw response per case, aligned to `caseIds`; `''` when the file gave `null`. */
  answers: string[];
  format: TabularFormat;
}

/**
 * Parses free-text answers to VQA questions (multiple choice or open), one per case:
 * - JSONL: `{"id": "<case id>", "answer": "<text>"}` per line; other fields are ignored; `id` may be
 *   an integer; `answer` a string, a number (kept as its text) or `null` (no answer: an empty
 *   response, which scoring counts as wrong);
 * - CSV: header `case_id,answer` (either order).
 * Every case exactly once: unknown, repeated and missing ids are reported, as are lines that are
 * not JSON objects, with their line numbers. Never throws for bad content.
 */
export async function parseAnswerPredictions(
  source: TextSource,
  { caseIds, format, maxIssues = 50, limits }: AnswerPredictionsOptions,
): Promise<ParseResult<AnswerPredictions>> {
  const issues = new IssueCollector(maxIssues);
  const claims = new CaseClaims(caseIds, issues);
  const answers = new Array<string>(caseIds.length).fill('');
  const resolved = format ?? (await sniffTextFormat(source));
  let isEmpty = true;
  try {
    if (resolved === 'jsonl') {
      for await (const { line, value, caseId } of readJsonlCases(source, issues, limits)) {
        isEmpty = false;
        const index = claims.claim(caseId, line, 'id');
        if (index === undefined) continue;
        const answer = readAnswer(value.answer);
        if (answer === null) {
          issues.add({
            line,
            column: 'answer',
            caseId: caseId,
            message: `"answer" must be a string; found ${value.answer === undefined ? 'no "answer" field' : describeJsonType(value.answer)}`,
          });
          continue;
        }
        answers[index] = answer;
      }
    } else {
      let columns: { caseColumn: number; answerColumn: number; width: number } | null = null;
      for await (const { line, fields } of readCsvRecords(source, limits)) {
        isEmpty = false;
        if (!columns) {
          const header = readHeader(fields);
          const issue = headerIssue(['case_id', 'answer'], header, new Set(['case_id', 'answer']));
          if (issue) {
            issues.add({
              ...issue,
              message: `${issue.message}. Accepted: JSONL {"id", "answer"} per line, or CSV "case_id,answer"`,
            });
            return issues.fail();
          }
          columns = {
            caseColumn: header.position.get('case_id')!,
            answerColumn: header.position.get('answer')!,
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
        const index = claims.claim(caseId, line, 'case_id');
        if (index !== undefined) answers[index] = fields[columns.answerColumn]!;
      }
    }
  } catch (error) {
    if (error instanceof TextFileError || error instanceof CsvFormatError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  // Every line either reached the loop body or was reported: no issue and no line means empty.
  if (isEmpty && !issues.hasIssues) {
    issues.add({
      message:
        'file is empty; expected one JSON object {"id", "answer"} per line, or a CSV with header "case_id,answer"',
    });
    return issues.fail();
  }
  claims.reportMissing();
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { answers, format: resolved } };
}

function readAnswer(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (raw === null) return '';
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}
