import { formatDateTime } from '@/lib/format';

export interface AuditRow {
  id: string;
  at: string;
  actor: { name: string; email: string } | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
  benchmark?: string;
}

/** Details as short "key: value" pairs; nested values as compact JSON. */
function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([key]) => key !== 'target')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/** Who did what, when, with the details, newest first. */
export function AuditTable({
  rows,
  showBenchmark = false,
}: {
  rows: AuditRow[];
  showBenchmark?: boolean;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>;
  return (
    <div
      // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
      role="region"
      aria-label="Audit log"
      tabIndex={0}
      className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
    >
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="audit-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3">
              When
            </th>
            <th scope="col" className="py-2 pr-3">
              Who
            </th>
            {showBenchmark && (
              <th scope="col" className="py-2 pr-3">
                Benchmark
              </th>
            )}
            <th scope="col" className="py-2 pr-3">
              What
            </th>
            <th scope="col" className="py-2">
              Details
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">
                {formatDateTime(row.at)}
              </td>
              <td className="py-2 pr-3">
                {row.actor ? (
                  <span title={row.actor.email}>{row.actor.name || row.actor.email}</span>
                ) : (
                  <span className="text-slate-500">operator (CLI)</span>
                )}
              </td>
              {showBenchmark && <td className="py-2 pr-3">{row.benchmark}</td>}
              <td className="py-2 pr-3">
                <code className="rounded bg-slate-100 px-1 text-xs">{row.action}</code>
                <div className="text-xs text-slate-500">{row.target}</div>
              </td>
              <td className="max-w-md break-words py-2 text-xs text-slate-600">
                {describe(row.details) || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
