import { describe, expect, it } from 'vitest';
import { evaluateTrecRun } from './evaluate-trec-run.js';
import {
  countRelevant,
  trecAveragePrecisionScore,
  trecNdcgScore,
  trecRecallScore,
  trecReciprocalRankScore,
} from './trec-measures.js';
import { rankTrecRun, type Qrels, type Run, type RunEntry } from './trec-ranking.js';

const judged = (...pairs: [string, number][]) => new Map(pairs);
const entries = (...pairs: [string, number][]): RunEntry[] =>
  pairs.map(([docId, score]) => ({ docId, score }));

describe('rankTrecRun', () => {
  it('orders by score descending, then document id descending (strcmp), ignoring input order', () => {
    const run = entries(['a', 0.5], ['d10', 0.5], ['d2', 0.5], ['z', 0.9], ['b', 0.1]);
    expect(rankTrecRun(run)).toEqual(['z', 'd2', 'd10', 'a', 'b']);
    expect(rankTrecRun([...run].reverse())).toEqual(['z', 'd2', 'd10', 'a', 'b']);
  });

  it('throws a RangeError on a duplicate document, as trec_eval refuses the run', () => {
    expect(() => rankTrecRun(entries(['a', 1], ['a', 2]))).toThrow(RangeError);
  });
});

describe('per-query trec_eval measures (hand-computed)', () => {
  // Ranking d1 d2 d3 d4 d5; qrels: d1 = 2, d3 = 1, d5 = 0, d7 = 3 (never retrieved), d8 = −2 (unjudged).
  const ranking = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const qrels = judged(['d1', 2], ['d3', 1], ['d5', 0], ['d7', 3], ['d8', -2]);

  it('counts relevant documents at a relevance level', () => {
    expect(countRelevant(qrels)).toBe(3);
    expect(countRelevant(qrels, 2)).toBe(2);
  });

  it('nDCG@k: gains are levels, discount log2(rank + 1), ideal from all judged documents', () => {
    const dcg = 2 / Math.log2(2) + 1 / Math.log2(4); // d1 at rank 1, d3 at rank 3
    const ideal = 3 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4); // levels 3, 2, 1
    expect(trecNdcgScore(ranking, qrels, 5)).toBeCloseTo(dcg / ideal, 15);
    // k = 2: DCG of d1 alone; ideal of the two best levels.
    expect(trecNdcgScore(ranking, qrels, 2)).toBeCloseTo(2 / (3 + 2 / Math.log2(3)), 15);
    expect(trecNdcgScore(ranking, judged(['d2', 1]), 10)).toBeCloseTo(1 / Math.log2(3), 15);
  });

  it('AP divides by every relevant document in the qrels, retrieved or not', () => {
    expect(trecAveragePrecisionScore(ranking, qrels)).toBeCloseTo((1 / 1 + 2 / 3) / 3, 15);
    expect(trecAveragePrecisionScore(ranking, qrels, 2)).toBeCloseTo(1 / 2, 15); // only d1, d7 relevant
  });

  it('reciprocal rank and recall@k', () => {
    expect(trecReciprocalRankScore(ranking, judged(['d3', 1]))).toBeCloseTo(1 / 3, 15);
    expect(trecReciprocalRankScore(ranking, judged(['d9', 1]))).toBe(0);
    expect(trecRecallScore(ranking, qrels, 1)).toBeCloseTo(1 / 3, 15);
    expect(trecRecallScore(ranking, qrels, 3)).toBeCloseTo(2 / 3, 15);
    expect(trecRecallScore(ranking, qrels, 1000)).toBeCloseTo(2 / 3, 15);
  });

  it('scores a perfect ranking 1 on every measure', () => {
    const perfect = ['d7', 'd1', 'd3'];
    expect(trecNdcgScore(perfect, qrels, 3)).toBeCloseTo(1, 15);
    expect(trecAveragePrecisionScore(perfect, qrels)).toBe(1);
    expect(trecReciprocalRankScore(perfect, qrels)).toBe(1);
    expect(trecRecallScore(perfect, qrels, 3)).toBe(1);
  });

  it('gives 0 everywhere for a query without relevant documents or without results', () => {
    const none = judged(['d1', 0]);
    expect([
      trecNdcgScore(ranking, none, 5),
      trecAveragePrecisionScore(ranking, none),
      trecReciprocalRankScore(ranking, none),
      trecRecallScore(ranking, none, 5),
    ]).toEqual([0, 0, 0, 0]);
    expect(trecNdcgScore([], qrels, 5)).toBe(0);
  });

  it('throws a RangeError on a non-positive cutoff', () => {
    expect(() => trecNdcgScore(ranking, qrels, 0)).toThrow(RangeError);
    expect(() => trecRecallScore(ranking, qrels, 1.5)).toThrow(RangeError);
  });
});

describe('evaluateTrecRun', () => {
  const qrels: Qrels = new Map([
    ['q1', judged(['a', 1], ['b', 0], ['c', 2])],
    ['q2', judged(['x', 1])],
    ['q3', judged(['m', 0])], // judged, but nothing relevant
    ['q4', judged(['p', 1])], // not in the run
  ]);
  const run: Run = new Map([
    ['q1', entries(['a', 0.2], ['b', 0.9], ['c', 0.2])], // ranked b, c, a (tie: "c" > "a")
    ['q2', entries(['y', 3], ['x', 1])],
    ['q3', entries(['m', 1])],
    ['q9', entries(['z', 1])], // no qrels: ignored
  ]);

  it('evaluates queries in qrels ∩ run, keeping those without relevant documents like trec_eval', () => {
    const result = evaluateTrecRun(qrels, run, { k: 10 });
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2', 'q3']);
    const q1 = result.perQuery.get('q1');
    // q1 ranking b(0) c(2) a(1): AP = (1/2 + 2/3)/2; RR = 1/2; DCG = 2/log2(3) + 1/log2(4), ideal 2 + 1/log2(3).
    expect(q1?.averagePrecision).toBeCloseTo((1 / 2 + 2 / 3) / 2, 15);
    expect(q1?.reciprocalRank).toBe(0.5);
    expect(q1?.ndcg).toBeCloseTo(
      (2 / Math.log2(3) + 1 / Math.log2(4)) / (2 + 1 / Math.log2(3)),
      15,
    );
    expect(result.perQuery.get('q3')).toEqual({
      ndcg: 0,
      averagePrecision: 0,
      reciprocalRank: 0,
      recall: 0,
    });
    expect(result.queryCount).toBe(3);
    expect(result.mean.averagePrecision).toBeCloseTo(((1 / 2 + 2 / 3) / 2 + 1 / 2 + 0) / 3, 15);
    expect(result.mean.reciprocalRank).toBeCloseTo((0.5 + 0.5 + 0) / 3, 15);
    expect(result.mean.recall).toBeCloseTo((1 + 1 + 0) / 3, 15);
  });

  it('averages missing queries as 0 with includeQueriesWithoutResults (trec_eval -c)', () => {
    const result = evaluateTrecRun(qrels, run, { k: 10, includeQueriesWithoutResults: true });
    expect(result.queryCount).toBe(4);
    expect(result.perQuery.get('q4')?.averagePrecision).toBe(0);
  });

  it('can drop queries without relevant documents when asked (not trec_eval)', () => {
    const result = evaluateTrecRun(qrels, run, { k: 10, excludeQueriesWithoutRelevant: true });
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2']);
  });

  it('uses the relevance level for MAP, MRR and recall but not for nDCG gains', () => {
    const result = evaluateTrecRun(qrels, run, { k: 10, relevanceLevel: 2 });
    expect(result.perQuery.get('q1')?.reciprocalRank).toBe(0.5); // only c (level 2) is relevant
    expect(result.perQuery.get('q1')?.ndcg).toBe(
      evaluateTrecRun(qrels, run, { k: 10 }).perQuery.get('q1')?.ndcg,
    );
  });

  it('returns NaN means when no query can be evaluated', () => {
    const result = evaluateTrecRun(qrels, new Map(), { k: 5 });
    expect(result.queryCount).toBe(0);
    expect(result.mean.ndcg).toBeNaN();
  });
});
