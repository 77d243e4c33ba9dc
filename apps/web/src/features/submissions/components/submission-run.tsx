import type { EndpointFailureKind, SubmissionRunDto } from '@medrank/db';
import { formatInferenceTime } from '@/lib/format';

const FAILURE_KIND_LABEL: Record<EndpointFailureKind, string> = {
  timeout: 'timed out',
  http: 'HTTP error',
  network: 'network error',
  unparseable: 'unparseable answer',
  budget: 'run budget spent',
  inputs: 'case could not be sent',
};

/** "156 cases, 12.3 ms/case (p50 11.9 ms, p95 20.4 ms), 1.9 s in all". */
export function inferenceSentence(inference: NonNullable<SubmissionRunDto['inference']>): string {
  const cases = `${inference.cases.toLocaleString('en-GB')} ${inference.cases === 1 ? 'case' : 'cases'}`;
  return `${cases}, ${formatInferenceTime(inference.meanMs)}/case (p50 ${formatInferenceTime(inference.p50Ms)}, p95 ${formatInferenceTime(inference.p95Ms)}), ${formatInferenceTime(inference.totalMs)} in all`;
}

/** Failures listed per kind, in a fixed order; kinds without one are left out. */
export function failuresByKind(
  failures: NonNullable<SubmissionRunDto['runReport']>['failures'],
): { kind: EndpointFailureKind; label: string; count: number }[] {
  return (Object.keys(FAILURE_KIND_LABEL) as EndpointFailureKind[]).flatMap((kind) => {
    const count = failures.filter((f) => f.kind === kind).length;
    return count > 0 ? [{ kind, label: FAILURE_KIND_LABEL[kind], count }] : [];
  });
}

/**
 * A model or endpoint run as its team sees it on the status page: the time per case over the
 * whole run and, for an endpoint, the run report (requests, retries, the cases without a usable
 * answer with what the endpoint said). Case ids are the test set's public ones (the template lists
 * them); nothing here comes from the ground truth.
 */
export function SubmissionRun({ inference, runReport }: SubmissionRunDto) {
  if (!inference && !runReport) return null;
  const isEndpoint = inference?.kind === 'endpoint' || runReport !== null;
  const byKind = runReport ? failuresByKind(runReport.failures) : [];
  const unlisted = runReport ? runReport.failureCount - runReport.failures.length : 0;
  return (
    <section
      aria-labelledby="run-heading"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      data-testid="submission-run"
    >
      <h2 id="run-heading" className="font-semibold">
        Inference
      </h2>
      {inference && (
        <p className="mt-1 text-sm text-slate-700" data-testid="inference-summary">
          {isEndpoint ? 'Endpoint run' : 'Model run'}: {inferenceSentence(inference)}.
          {isEndpoint && (
            <span className="text-slate-500"> Times are round trips, network included.</span>
          )}
        </p>
      )}
      {runReport && (
        <div className="mt-4" data-testid="run-report">
          <h3 className="text-sm font-semibold text-slate-800">Run report</h3>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Requests</dt>
            <dd className="tabular">{runReport.requests.toLocaleString('en-GB')}</dd>
            <dt className="text-slate-500">Retries</dt>
            <dd className="tabular">{runReport.retries.toLocaleString('en-GB')}</dd>
            <dt className="text-slate-500">Cases without a usable answer</dt>
            <dd className="tabular" data-testid="failure-count">
              {runReport.failureCount.toLocaleString('en-GB')}
              {runReport.failureCount > 0 && (
                <span className="text-slate-500"> (scored as extraction failures)</span>
              )}
            </dd>
          </dl>
          {byKind.length > 0 && unlisted > 0 && (
            <p className="mt-2 text-xs text-slate-500">
              By kind, among the {runReport.failures.length} listed:
            </p>
          )}
          {byKind.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-2 text-xs" aria-label="Failures by kind">
              {byKind.map(({ kind, label, count }) => (
                <li
                  key={kind}
                  className="rounded-full bg-amber-50 px-2 py-0.5 text-amber-900"
                  data-testid={`failure-kind-${kind}`}
                >
                  {label}: <span className="tabular">{count}</span>
                </li>
              ))}
            </ul>
          )}
          {runReport.failures.length > 0 && (
            <div
              className="mt-3 overflow-x-auto"
              role="region"
              aria-label="Failed cases"
              tabIndex={0}
            >
              <table className="w-full text-sm" data-testid="run-failures">
                <caption className="sr-only">Cases the endpoint gave no usable answer for</caption>
                <thead className="text-left text-xs tracking-wide text-slate-500 uppercase">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Case
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Kind
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      Detail
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {runReport.failures.map((failure, i) => (
                    <tr key={i}>
                      <td className="py-1.5 pr-3 font-mono text-xs text-slate-700">
                        {failure.caseId}
                      </td>
                      <td className="py-1.5 pr-3 whitespace-nowrap text-slate-700">
                        {FAILURE_KIND_LABEL[failure.kind]}
                      </td>
                      <td className="py-1.5 [overflow-wrap:anywhere] text-slate-800">
                        {failure.detail}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {unlisted > 0 && (
            <p className="mt-2 text-xs text-slate-500">
              …and {unlisted.toLocaleString('en-GB')} more cases not listed (the report keeps the
              first {runReport.failures.length}).
            </p>
          )}
        </div>
      )}
    </section>
  );
}
