/**
 * How to read the board: CIs, rank intervals, tiers and the row kinds. A board of reported
 * results only (no entry ranked) has no CIs or rank statistics to explain: it says where its
 * numbers come from instead.
 */
export function BoardLegend({
  caseCount,
  reportedOnly,
  showRankStatistics,
  showInference = false,
}: {
  caseCount: number;
  /** No entry is ranked: every row is a published result, numbered by list position. */
  reportedOnly: boolean;
  /** Some entry has a rank interval or tier (the columns are shown). */
  showRankStatistics: boolean;
  /** Some entry has a model or endpoint run's time per case (the column is shown). */
  showInference?: boolean;
}) {
  const cases =
    caseCount > 0 ? `the ${caseCount.toLocaleString('en-GB')} cases` : 'the test set’s cases';
  return (
    <details
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
      data-testid="board-legend"
    >
      <summary className="cursor-pointer font-medium text-slate-800">
        How to read this board
      </summary>
      <dl className="mt-2 grid gap-2 sm:grid-cols-2">
        {reportedOnly ? (
          <>
            <div>
              <dt className="font-medium">Numbers as published</dt>
              <dd className="text-slate-600">
                Every row is a result reported by its authors (a paper or the original leaderboard),
                shown exactly as published: MedRank did not recompute it, so it carries no
                confidence interval and no verified rank.
              </dd>
            </div>
            <div>
              <dt className="font-medium">#</dt>
              <dd className="text-slate-600">
                The position in this list as sorted (click a metric to sort by it). It is not a
                ranking: published numbers come without the per-case results that would tell entries
                apart.
              </dd>
            </div>
          </>
        ) : (
          <>
            <div>
              <dt className="font-medium">Value, 95% CI under it, whisker</dt>
              <dd className="text-slate-600">
                95% percentile-bootstrap confidence interval over {cases}; the whisker draws it on
                one axis per column.
              </dd>
            </div>
            <div>
              <dt className="font-medium">Rank</dt>
              <dd className="text-slate-600">
                Among verified, non-baseline entries on the sorted metric. Ties share a rank;
                entries without a value rank last.
              </dd>
            </div>
          </>
        )}
        {showRankStatistics && (
          <>
            <div>
              <dt className="font-medium">Rank interval</dt>
              <dd className="text-slate-600">
                The ranks an entry takes in 95% of bootstrap resamples of the cases: rankings flip
                within it. On a phone it is written under the rank.
              </dd>
            </div>
            <div>
              <dt className="font-medium">Tier</dt>
              <dd className="text-slate-600">
                1 + the number of entries significantly better (paired bootstrap). Same tier: the
                data do not tell them apart. On a phone: “T2” under the rank.
              </dd>
            </div>
          </>
        )}
        {!reportedOnly && (
          <div>
            <dt className="font-medium">Verified / reported</dt>
            <dd className="text-slate-600">
              Verified entries were scored by MedRank on the hidden set; reported numbers come from
              papers or the original leaderboard and carry no CI.
            </dd>
          </div>
        )}
        {showInference && (
          <div>
            <dt className="font-medium">Time / case</dt>
            <dd className="text-slate-600">
              For models MedRank ran (ONNX) and endpoints it called: the mean time per case over the
              whole run, with the median (p50) and 95th percentile (p95) under it. An endpoint’s
              time includes the network. Prediction files show a dash: nobody timed them.
            </dd>
          </div>
        )}
        <div>
          <dt className="font-medium">Columns</dt>
          <dd className="text-slate-600">
            The primary metric comes first; a metric without any value on this board is left out.
            “Columns” chooses which metrics to show, and the table scrolls sideways when they do not
            fit.
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
