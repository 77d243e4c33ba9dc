import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'How MedRank protects hidden data' };

/**
 * The disclosure rule for visitors: why some categories are shown together, and what that buys.
 * docs/boards.md ("The disclosure rule") has the proof sketch; SECURITY.md the whole threat model.
 */
export default function HiddenDataPage() {
  return (
    <article className="max-w-3xl space-y-6 text-slate-800">
      <header>
        <h1 className="text-3xl font-semibold tracking-tight">How MedRank protects hidden data</h1>
        <p className="mt-2 text-slate-600">
          A benchmark with hidden test labels is only worth something while the labels stay hidden.
          Every number MedRank shows about a hidden test set is built so that no combination of
          numbers reveals the answer to a single case.
        </p>
      </header>
      <section aria-labelledby="rule" className="space-y-3">
        <h2 id="rule" className="text-xl font-semibold">
          The disclosure rule: cells of at least k cases
        </h2>
        <p>
          Each test set’s cases are split once into <em>cells</em>: the combinations of category
          groups on its dimensions (for example organ × question type). Every cell holds at least
          the benchmark’s minimum number of cases, <em>k</em> (20 unless the curator chose more).
          Where a category is too small for that, it is grouped with others, along the least
          important dimension first, the way statistical agencies publish tables without small
          cells.
        </p>
        <p>
          Breakdowns show these groups, and a custom subset must consist of whole groups. Any such
          subset is a union of whole cells, and so is everything left over, so comparing two
          subsets, or a subset with the overall score, can never single out fewer than k cases. A
          subset that would cut through a group is refused, and the refusal never says how many
          cases it would have held.
        </p>
        <p>
          The price is resolution on small test sets: VQA-RAD’s 272 closed questions are shown as 3
          organs × 2 groups of question types (6 cells, the smallest 24 questions); MedXpertQA’s
          2,000 questions as 3 tasks × 7 groups of body systems (21 cells, the smallest 23).
        </p>
      </section>
      <section aria-labelledby="more" className="space-y-3">
        <h2 id="more" className="text-xl font-semibold">
          What else keeps labels hidden
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            Ground truth, per-case results and bootstrap replicates live where the web application
            cannot read them; only aggregates leave the scoring workers.
          </li>
          <li>Scores are shown at a stated precision chosen per phase.</li>
          <li>
            Curators can hold a test set’s scores back until its phase closes, so the final ranking
            is on cases nobody could probe.
          </li>
        </ul>
      </section>
    </article>
  );
}
