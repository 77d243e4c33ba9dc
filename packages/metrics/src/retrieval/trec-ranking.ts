/** Relevance judgments of one query: document id → relevance level (TREC qrels; < 0 means in the pool but unjudged). */
export type Judgments = ReadonlyMap<string, number>;
/** Qrels: query id → judgments. */
export type Qrels = ReadonlyMap<string, Judgments>;
/** One retrieved document of a run; the rank column of a TREC run file is ignored, as by trec_eval. */
export type RunEntry = { docId: string; score: number };
/** Run: query id → retrieved documents in any order. */
export type Run = ReadonlyMap<string, readonly RunEntry[]>;

/** C strcmp order on the ids: UTF-16 code-unit order, which is UTF-8 byte order for ASCII ids. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders a query's retrieved documents as trec_eval does (form_res_rels.c `comp_sim_docno`):
 * score descending, ties broken by document id **descending** in strcmp order, so of two
 * documents scored 0.5, "b" ranks above "a" and "d2" above "d10" ("d2" > "d10" byte-wise). The
 * run file's rank column plays no part. Scores are compared as doubles, as trec_eval parses them.
 * @throws {RangeError} when a document id occurs twice (trec_eval stops with "duplicate docs").
 * @see usnistgov/trec_eval `form_res_rels.c`.
 * @example rankTrecRun([{ docId: 'a', score: 1 }, { docId: 'b', score: 1 }, { docId: 'c', score: 2 }]) // ['c', 'b', 'a']
 */
export function rankTrecRun(entries: readonly RunEntry[]): string[] {
  const seen = new Set<string>();
  for (const { docId } of entries) {
    if (seen.has(docId)) throw new RangeError(`rankTrecRun: duplicate document ${docId}`);
    seen.add(docId);
  }
  return [...entries]
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : compareIds(b.docId, a.docId)))
    .map((e) => e.docId);
}

/** Query ids in trec_eval's order (qrels sorted by strcmp). */
export function sortQueryIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareIds);
}
