import type { FileIssue } from '@medrank/core';
import type { IssueCollector } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import {
  describeJsonType,
  readJsonlRecords,
  type JsonlLimits,
} from '../jsonl/read-jsonl-records.js';
import type { TextSource } from '../text-lines/read-text-lines.js';
import { quoteList } from '../classification/read-header.js';

const MAX_MISSING_LISTED = 20;

/**
 * A case id from a JSON field: a non-empty string (trimmed) or an integer (GMAI-MMBench and
 * MedXpertQA use numeric ids), returned as text; otherwise an issue naming the field and line.
 */
export function readJsonCaseId(
  record: Record<string, unknown>,
  field: string,
  line: number,
): { ok: true; caseId: string } | { ok: false; issue: FileIssue } {
  const raw = record[field];
  if (typeof raw === 'string' && raw.trim() !== '') return { ok: true, caseId: raw.trim() };
  if (typeof raw === 'number' && Number.isSafeInteger(raw))
    return { ok: true, caseId: String(raw) };
  const found =
    raw === undefined
      ? `no "${field}" field`
      : typeof raw === 'string'
        ? 'an empty string'
        : describeJsonType(raw);
  return {
    ok: false,
    issue: {
      line,
      column: field,
      message: `line ${line}: "${field}" must be a non-empty string or an integer; found ${found}`,
    },
  };
}

/**
 * The lines of a JSONL case file that are JSON objects with a valid `id`, with the line number
 * and the id. Every other line is reported to `issues` (so a line is either yielded or reported,
 * never silently dropped). File-level problems (`TextFileError`) propagate to the caller.
 */
export async function* readJsonlCases(
  source: TextSource,
  issues: IssueCollector,
  limits: JsonlLimits = {},
): AsyncGenerator<{ line: number; value: Record<string, unknown>; caseId: string }> {
  for await (const record of readJsonlRecords(source, limits)) {
    if (record.error !== undefined) {
      issues.add({ line: record.line, message: record.error });
      continue;
    }
    const id = readJsonCaseId(record.value, 'id', record.line);
    if (!id.ok) {
      issues.add(id.issue);
      continue;
    }
    yield { line: record.line, value: record.value, caseId: id.caseId };
  }
}

/**
 * Bookkeeping for a predictions file keyed by case id: every known case exactly once. `claim`
 * reports unknown and repeated ids (naming both lines) and returns the case's index in
 * `caseIds` order; `reportMissing` adds one issue listing the cases without a prediction.
 */
export class CaseClaims {
  readonly #index = new Map<string, number>();
  readonly #firstLine: Int32Array;
  constructor(
    readonly caseIds: readonly string[],
    private readonly issues: IssueCollector,
  ) {
    caseIds.forEach((id, i) => this.#index.set(id, i));
    this.#firstLine = new Int32Array(caseIds.length);
  }

  claim(caseId: string, line: number, column: string): number | undefined {
    const index = this.#index.get(caseId);
    if (index === undefined) {
      this.issues.add({
        line,
        column,
        caseId,
        message: `unknown ${column} "${truncate(caseId)}" (not in this test set)`,
      });
      return undefined;
    }
    const first = this.#firstLine[index]!;
    if (first !== 0) {
      this.issues.add({
        line,
        column,
        caseId,
        message: `case "${truncate(caseId)}" appears more than once: lines ${first} and ${line}`,
      });
      return undefined;
    }
    this.#firstLine[index] = line;
    return index;
  }

  isClaimed(index: number): boolean {
    return this.#firstLine[index] !== 0;
  }

  /** Cases never claimed, in `caseIds` order. */
  missing(): string[] {
    const missing: string[] = [];
    this.caseIds.forEach((id, i) => {
      if (this.#firstLine[i] === 0) missing.push(id);
    });
    return missing;
  }

  reportMissing(what = 'prediction'): void {
    const missing = this.missing();
    if (missing.length === 0) return;
    this.issues.add({
      caseId: missing[0],
      message: `${missing.length} of ${this.caseIds.length} cases have no ${what}: ${quoteList(missing, MAX_MISSING_LISTED)}`,
    });
  }
}

/** Ground-truth side: case ids must be unique; `add` returns false (and reports) for a repeat. */
export class UniqueCaseIds {
  readonly #lineOf = new Map<string, number>();
  constructor(private readonly issues: IssueCollector) {}
  add(caseId: string, line: number, column: string): boolean {
    const previous = this.#lineOf.get(caseId);
    if (previous !== undefined) {
      this.issues.add({
        line,
        column,
        caseId,
        message: `case "${truncate(caseId)}" appears more than once: lines ${previous} and ${line}`,
      });
      return false;
    }
    this.#lineOf.set(caseId, line);
    return true;
  }
  get size(): number {
    return this.#lineOf.size;
  }
}

/**
 * Optional public category metadata of a ground-truth case: `{"<dimension>": "<category>", …}`
 * with string (or finite number, kept as text) values. Returns the categories or adds an issue.
 */
export function readJsonCategories(
  record: Record<string, unknown>,
  field: string,
  line: number,
  caseId: string,
  issues: IssueCollector,
): Record<string, string> | null {
  const raw = record[field];
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.add({
      line,
      column: field,
      caseId,
      message: `"${field}" must be an object {"<dimension>": "<category>"}; found ${describeJsonType(raw)}`,
    });
    return null;
  }
  const categories: Record<string, string> = {};
  for (const [dimension, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value.trim() !== '') categories[dimension] = value.trim();
    else if (typeof value === 'number' && Number.isFinite(value))
      categories[dimension] = String(value);
    else {
      issues.add({
        line,
        column: `${field}.${dimension}`,
        caseId,
        message: `category "${truncate(dimension)}" must be a non-empty string; found ${typeof value === 'string' ? 'an empty string' : describeJsonType(value)}`,
      });
      return null;
    }
  }
  return categories;
}
