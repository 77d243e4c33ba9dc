import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { CaseClaims } from '../cases/case-ids.js';
import {
  readTextLines,
  TextFileError,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

export interface TrecQrels {
  /** Query ids in order of first appearance. */
  queryIds: string[];
  /** Per query (aligned to `queryIds`): document id → relevance level. */
  judgments: Map<string, number>[];
}

export interface TrecRun {
  /** Per query (aligned to the test set's query ids): retrieved documents and scores; empty when the run has none. */
  entries: { docId: string; score: number }[][];
  /** Test-set queries the run retrieves nothing for. */
  queriesWithoutResults: number;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses TREC qrels: whitespace-separated `query_id iteration doc_id relevance` per line
 * (trec_eval's format; the iteration column is ignored). Relevance is an integer; a repeated
 * (query, document) pair is an error. Never throws for bad content.
 */
export async function parseTrecQrels(
  source: TextSource,
  { maxIssues = 50, limits }: { maxIssues?: number; limits?: TextLineLimits } = {},
): Promise<ParseResult<TrecQrels>> {
  const issues = new IssueCollector(maxIssues);
  const qrels: TrecQrels = { queryIds: [], judgments: [] };
  const indexOf = new Map<string, number>();
  const lineOf = new Map<string, number>();
  try {
    for await (const { line, text } of readTextLines(source, limits)) {
      const fields = text.trim().split(/\s+/);
      if (fields.length !== 4) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; expected 4: query_id iteration doc_id relevance`,
        });
        continue;
      }
      const [queryId, , docId, relevance] = fields as [string, string, string, string];
      if (!INTEGER.test(relevance)) {
        issues.add({
          line,
          column: 'relevance',
          caseId: queryId,
          message: `relevance "${truncate(relevance)}" is not an integer`,
        });
        continue;
      }
      const key = `${queryId}\u0000${docId}`;
      const previous = lineOf.get(key);
      if (previous !== undefined) {
        issues.add({
          line,
          column: 'doc_id',
          caseId: queryId,
          message: `document "${truncate(docId)}" is judged twice for query "${truncate(queryId)}": lines ${previous} and ${line}`,
        });
        continue;
      }
      lineOf.set(key, line);
      let q = indexOf.get(queryId);
      if (q === undefined) {
        indexOf.set(queryId, (q = qrels.queryIds.length));
        qrels.queryIds.push(queryId);
        qrels.judgments.push(new Map());
      }
      qrels.judgments[q]!.set(docId, Number(relevance));
    }
  } catch (error) {
    if (error instanceof TextFileError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  if (qrels.queryIds.length === 0 && !issues.hasIssues)
    issues.add({
      message:
        'no judgments: the file is empty; expected lines "query_id iteration doc_id relevance"',
    });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: qrels };
}

/**
 * Parses a TREC run: whitespace-separated `query_id Q0 doc_id rank score tag` per line (the
 * second column and the tag are not checked; rank must be an integer but, as in trec_eval, the
 * ranking comes from the score). Queries must belong to the test set; a document twice in one
 * query is an error; test-set queries the run does not mention have no results (counted, not an
 * error). Never throws for bad content.
 */
export async function parseTrecRun(
  source: TextSource,
  {
    caseIds,
    maxIssues = 50,
    limits,
  }: { caseIds: readonly string[]; maxIssues?: number; limits?: TextLineLimits },
): Promise<ParseResult<TrecRun>> {
  const issues = new IssueCollector(maxIssues);
  const claims = new CaseClaims(caseIds, issues);
  const indexOf = new Map<string, number>();
  caseIds.forEach((id, i) => indexOf.set(id, i));
  const entries: { docId: string; score: number }[][] = caseIds.map(() => []);
  const lineOf = new Map<string, number>();
  const unknown = new Set<string>();
  let isEmpty = true;
  try {
    for await (const { line, text } of readTextLines(source, limits)) {
      isEmpty = false;
      const fields = text.trim().split(/\s+/);
      if (fields.length !== 6) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; expected 6: query_id Q0 doc_id rank score run_tag`,
        });
        continue;
      }
      const [queryId, , docId, rank, score] = fields as [string, string, string, string, string];
      const index = indexOf.get(queryId);
      if (index === undefined) {
        // One issue per unknown query, not per line.
        if (!unknown.has(queryId)) claims.claim(queryId, line, 'query_id');
        unknown.add(queryId);
        continue;
      }
      if (!claims.isClaimed(index)) claims.claim(queryId, line, 'query_id');
      if (!INTEGER.test(rank)) {
        issues.add({
          line,
          column: 'rank',
          caseId: queryId,
          message: `rank "${truncate(rank)}" is not an integer`,
        });
        continue;
      }
      const value = DECIMAL.test(score) ? Number(score) : Number.NaN;
      if (!Number.isFinite(value)) {
        issues.add({
          line,
          column: 'score',
          caseId: queryId,
          message: `score "${truncate(score)}" is not a finite decimal number`,
        });
        continue;
      }
      const key = `${queryId}\u0000${docId}`;
      const previous = lineOf.get(key);
      if (previous !== undefined) {
        issues.add({
          line,
          column: 'doc_id',
          caseId: queryId,
          message: `document "${truncate(docId)}" is retrieved twice for query "${truncate(queryId)}": lines ${previous} and ${line}`,
        });
        continue;
      }
      lineOf.set(key, line);
      entries[index]!.push({ docId, score: value });
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
      message: 'file is empty; expected lines "query_id Q0 doc_id rank score run_tag"',
    });
    return issues.fail();
  }
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { entries, queriesWithoutResults: claims.missing().length } };
}
