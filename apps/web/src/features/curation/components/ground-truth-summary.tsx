import type { GroundTruthSummaryView, SpreadSummaryView } from '../views';
import { CountBars } from './count-bars';

/** Up to 4 significant digits, grouped: enough to read a spread, no false precision. */
const formatNumber = (value: number) =>
  Number.isFinite(value) ? Number(value.toPrecision(4)).toLocaleString('en') : '—';

/**
 * Median and spread of a per-case quantity as a small table (min, p10, median, p90, max), so a
 * screen reader reads the same figures as a sighted curator.
 */
function SpreadTable({
  caption,
  rows,
  testId,
}: {
  caption: string;
  rows: { label: string; spread: SpreadSummaryView | null }[];
  testId?: string;
}) {
  return (
    <table data-testid={testId} className="w-full text-xs">
      <caption className="mb-1 text-left text-sm font-medium text-slate-700">{caption}</caption>
      <thead>
        <tr className="text-slate-500">
          <th scope="col" className="text-left font-normal">
            <span className="sr-only">what</span>
          </th>
          {['min', 'p10', 'median', 'p90', 'max'].map((h) => (
            <th key={h} scope="col" className="text-right font-normal">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, spread }) => (
          <tr key={label} className="tabular">
            <th scope="row" className="truncate text-left font-normal text-slate-700">
              {label}
            </th>
            {spread ? (
              [spread.min, spread.p10, spread.median, spread.p90, spread.max].map((v, i) => (
                <td key={i} className="text-right">
                  {formatNumber(v)}
                </td>
              ))
            ) : (
              <td colSpan={5} className="text-right text-slate-500">
                absent from every case
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The task type's summary of a ground-truth upload (computed by the worker when it validated
 * the file and stored with the upload): label balance, answers, mask sizes, boxes, report
 * lengths, value range or relevant documents. Aggregates only; curators of the benchmark only.
 */
export function GroundTruthSummary({ summary }: { summary: GroundTruthSummaryView | undefined }) {
  if (!summary)
    return (
      <p className="text-sm text-slate-500" data-testid="gt-summary-missing">
        No summary (uploaded before summaries existed).
      </p>
    );
  return (
    <section
      aria-label="Summary of the ground truth"
      data-testid="gt-summary"
      className="space-y-4"
    >
      <SummaryBody summary={summary} />
    </section>
  );
}

function SummaryBody({ summary }: { summary: GroundTruthSummaryView }) {
  switch (summary.kind) {
    case 'classes':
      return (
        <CountBars title="Cases per class" testId="gt-summary-classes" rows={summary.classes} />
      );
    case 'answers':
      return (
        <div className="grid gap-6 sm:grid-cols-2">
          <CountBars
            title={`Most frequent answers (${summary.distinctAnswers.toLocaleString('en')} distinct)`}
            testId="gt-summary-answers"
            rows={summary.topAnswers}
          />
          {summary.optionCounts.length > 0 && (
            <CountBars
              title="Questions per number of options"
              testId="gt-summary-options"
              rows={summary.optionCounts}
            />
          )}
        </div>
      );
    case 'masks':
      return (
        <div className="space-y-4">
          <CountBars
            title="Masks containing each label"
            testId="gt-summary-masks"
            rows={summary.labels.map((l) => ({ label: l.label, count: l.masksContaining }))}
          />
          <SpreadTable
            caption={`${summary.dimensions === 3 ? 'Voxels' : 'Pixels'} per mask containing the label`}
            testId="gt-summary-voxels"
            rows={summary.labels.map((l) => ({ label: l.label, spread: l.voxels }))}
          />
          <SpreadTable
            caption={summary.dimensions === 3 ? 'Volume (mL)' : 'Area (mm²)'}
            testId="gt-summary-volume"
            rows={summary.labels.map((l) => ({ label: l.label, spread: l.physical }))}
          />
        </div>
      );
    case 'boxes':
      return (
        <div className="space-y-4">
          <p className="text-sm text-slate-700" data-testid="gt-summary-boxes">
            {formatNumber(summary.boxesPerImage.mean)} boxes per image on average (max{' '}
            {summary.boxesPerImage.max}); {summary.imagesWithoutBoxes.toLocaleString('en')} of{' '}
            {summary.images.toLocaleString('en')} images have none.
          </p>
          <div className="grid gap-6 sm:grid-cols-2">
            <CountBars
              title="Boxes per category"
              testId="gt-summary-box-categories"
              rows={summary.categories}
            />
            <CountBars
              title="Box sizes (area)"
              testId="gt-summary-box-sizes"
              rows={summary.boxSizes}
            />
          </div>
          <SpreadTable
            caption="Box side √(w·h), pixels"
            rows={[{ label: 'boxes', spread: summary.boxSidePx }]}
          />
        </div>
      );
    case 'reports':
      return (
        <SpreadTable
          caption="Words per report, by section"
          testId="gt-summary-reports"
          rows={summary.sections.map((s) => ({
            label: s.empty > 0 ? `${s.section} (${s.empty} empty)` : s.section,
            spread: s.words,
          }))}
        />
      );
    case 'values':
      return (
        <div className="grid gap-6 sm:grid-cols-2">
          <SpreadTable
            caption="Values"
            testId="gt-summary-values"
            rows={[{ label: 'value', spread: summary.values }]}
          />
          <CountBars title="Distribution" testId="gt-summary-histogram" rows={summary.histogram} />
        </div>
      );
    case 'relevance':
      return (
        <div className="grid gap-6 sm:grid-cols-2">
          <SpreadTable
            caption={`Documents per query (${summary.queriesWithoutRelevant.toLocaleString('en')} queries without a relevant one)`}
            testId="gt-summary-relevance"
            rows={[
              { label: 'relevant', spread: summary.relevantPerQuery },
              { label: 'judged', spread: summary.judgedPerQuery },
            ]}
          />
          <CountBars
            title="Queries per number of relevant documents"
            testId="gt-summary-relevance-histogram"
            rows={summary.histogram}
          />
        </div>
      );
  }
}
