/** How to read the board: CIs, rank intervals, tiers and the row kinds. */
export function BoardLegend({ caseCount }: { caseCount: number }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
      <summary className="cursor-pointer font-medium text-slate-800">
        How to read this board
      </summary>
      <dl className="mt-2 grid gap-2 sm:grid-cols-2">
        <div>
          <dt className="font-medium">Value ± half-width, whisker</dt>
          <dd className="text-slate-600">
            95% percentile-bootstrap confidence interval over the{' '}
            {caseCount.toLocaleString('en-GB')} cases; the whisker draws it on one axis per column.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Rank</dt>
          <dd className="text-slate-600">
            Among verified, non-baseline entries on the sorted metric. Ties share a rank; entries
            without a value rank last.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Rank interval</dt>
          <dd className="text-slate-600">
            The ranks an entry takes in 95% of bootstrap resamples of the cases: rankings flip
            within it.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Tier</dt>
          <dd className="text-slate-600">
            1 + the number of entries significantly better (paired bootstrap). Same tier: the data
            do not tell them apart.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Verified / reported</dt>
          <dd className="text-slate-600">
            Verified entries were scored by MedRank on the hidden set; reported numbers come from
            papers or the original leaderboard and carry no CI.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Baselines, disqualified</dt>
          <dd className="text-slate-600">
            Baselines are shaded and not ranked; disqualified entries are listed last with the
            reason.
          </dd>
        </div>
      </dl>
    </details>
  );
}
