import { testSetRelease } from '@medrank/core';
import type { Database } from '../client.js';
import type { BoardDto, BoardEntryDto, ScoreDto } from '../dto.js';
import { toTestSetDto } from './benchmarks.js';

/**
 * Competition ranking ("1, 2, 2, 4"): ties share a rank, and an entry without a value for the
 * ranking metric always ranks after every entry that has one.
 */
export function rankEntries<T extends { value: number | null }>(
  entries: T[],
  higherIsBetter: boolean,
  tieBreak: (a: T, b: T) => number,
): (T & { rank: number })[] {
  const sorted = [...entries].sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === b.value) return tieBreak(a, b);
      return a.value === null ? 1 : -1;
    }
    const diff = higherIsBetter ? b.value - a.value : a.value - b.value;
    return diff !== 0 ? diff : tieBreak(a, b);
  });
  let rank = 0;
  return sorted.map((entry, index) => {
    const previous = sorted[index - 1];
    if (index === 0 || previous === undefined || previous.value !== entry.value) rank = index + 1;
    return { ...entry, rank };
  });
}

/**
 * One board: the published, scored, released entries of a test set at its current evaluator
 * version, ranked by `metric`. Only aggregate scores are read; per-case results never leave `hidden`.
 */
export async function getBoard(
  db: Database,
  input: { testSetId: string; metric: string; higherIsBetter: boolean },
): Promise<BoardDto | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: input.testSetId },
    include: { track: { include: { benchmark: { include: { phases: true } } } } },
  });
  if (!testSet) return null;
  const scoresHidden = testSetRelease(testSet.visibility, testSet.track.benchmark.phases).isHidden;
  const evaluations = await db.evaluation.findMany({
    where: {
      testSetId: testSet.id,
      evaluatorVersion: testSet.evaluatorVersion,
      isReleased: true,
      submission: { status: 'SCORED', isPublished: true },
    },
    include: { scores: true, submission: { include: { team: true } } },
  });
  const entries = evaluations.map((e) => {
    const scores: Record<string, ScoreDto> = {};
    if (!scoresHidden) {
      for (const s of e.scores)
        scores[s.metric] = {
          metric: s.metric,
          value: s.value,
          ciLow: s.ciLow,
          ciHigh: s.ciHigh,
          n: s.n,
        };
    }
    return {
      value: scores[input.metric]?.value ?? null,
      submissionId: e.submissionId,
      team: { slug: e.submission.team.slug, name: e.submission.team.name },
      methodName: e.submission.methodName,
      submittedAt: e.submission.createdAt.toISOString(),
      scores,
    };
  });
  // Earlier submission first among ties: it got there first.
  const ranked = rankEntries(entries, input.higherIsBetter, (a, b) =>
    a.submittedAt.localeCompare(b.submittedAt),
  );
  return {
    testSet: toTestSetDto(testSet),
    evaluatorVersion: testSet.evaluatorVersion,
    primaryMetric: input.metric,
    entries: ranked.map(({ value: _value, ...entry }): BoardEntryDto => entry),
  };
}
