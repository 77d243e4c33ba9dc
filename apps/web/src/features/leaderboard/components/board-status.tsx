import type { BoardView } from '../board-types';

/**
 * The stated precision of the board's verified numbers (docs/boards.md): stored rounded, so a
 * difference below it is not measured and ties at it share a rank.
 */
export function precisionStatement(scoreDecimals: readonly number[]): string {
  const low = scoreDecimals[0];
  const high = scoreDecimals.at(-1);
  const decimals = (n: number | undefined) => `${n} decimal${n === 1 ? '' : 's'}`;
  return low === high
    ? `Scores rounded to ${decimals(low)}; ties at that precision share a rank.`
    : `Scores rounded to ${low}–${decimals(high)} (each phase states its own); ties at the stated precision share a rank.`;
}

/** "Ranked on evaluator v3", the stated precision and, while a rescore runs, how far it has got. */
export function BoardStatus({ testSet }: { testSet: BoardView['testSet'] }) {
  const rescore = testSet.rescore;
  const isRescoring = rescore !== null && rescore.status === 'RUNNING';
  const percent =
    rescore && rescore.total > 0
      ? Math.round(((rescore.done + rescore.failed) / rescore.total) * 100)
      : 0;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600">
      <span data-testid="ranked-version">
        Ranked on evaluator{' '}
        <strong className="font-semibold text-slate-800">v{testSet.rankedVersion}</strong>
      </span>
      <span>
        {testSet.caseCount === 0
          ? 'published results only: no ground truth on MedRank'
          : `${testSet.caseCount.toLocaleString('en-GB')} cases · ${
              testSet.visibility === 'HIDDEN_UNTIL_CLOSE'
                ? 'hidden until the phase closes'
                : 'hidden ground truth'
            }`}
      </span>
      {testSet.scoreDecimals.length > 0 && (
        <span data-testid="score-precision">{precisionStatement(testSet.scoreDecimals)}</span>
      )}
      {isRescoring && rescore && (
        <span className="flex items-center gap-2" data-testid="rescore-progress">
          <span id="rescore-label">
            Rescoring to v{rescore.version}: {percent} %
            {rescore.failed > 0 ? ` (${rescore.failed} failed)` : ''}
          </span>
          <span
            role="progressbar"
            aria-labelledby="rescore-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="inline-block h-2 w-32 overflow-hidden rounded-full bg-slate-200"
          >
            <span className="block h-full bg-brand-500" style={{ width: `${percent}%` }} />
          </span>
        </span>
      )}
    </div>
  );
}
