import type { BoardQueryLogDto } from '@medrank/db';
import { formatDateTime } from '@/lib/format';

const OUTCOME_STYLE: Record<string, string> = {
  answered: 'bg-emerald-50 text-emerald-800',
  refused: 'bg-amber-50 text-amber-900',
  'rate-limited': 'bg-red-50 text-red-800',
  failed: 'bg-slate-100 text-slate-700',
};

/** The question in one line: `closed / test · organ:Head, organ:Chest` or `closed · a vs b`. */
function describeQuery(kind: string, query: Record<string, unknown>): string {
  const where = [query.track, query.testSet].filter((v) => typeof v === 'string').join(' / ');
  const what =
    kind === 'compare'
      ? `${String(query.a ?? '—')} vs ${String(query.b ?? '—')}`
      : Array.isArray(query.cat)
        ? query.cat.map(String).join(', ')
        : '';
  return [where, what].filter(Boolean).join(' · ');
}

/** Who asked this benchmark's boards for custom subsets and comparisons, newest first. */
export function BoardQueryTable({ rows }: { rows: BoardQueryLogDto[] }) {
  if (rows.length === 0)
    return <p className="text-sm text-slate-500">No subset or compare questions yet.</p>;
  return (
    <div
      // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
      role="region"
      aria-label="Board queries"
      tabIndex={0}
      className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
    >
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="board-query-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3">
              When
            </th>
            <th scope="col" className="py-2 pr-3">
              Who
            </th>
            <th scope="col" className="py-2 pr-3">
              Kind
            </th>
            <th scope="col" className="py-2 pr-3">
              Question
            </th>
            <th scope="col" className="py-2">
              Outcome
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
                {row.user ? (
                  <span title={row.user.email}>{row.user.name || row.user.email}</span>
                ) : (
                  <span className="text-slate-500">deleted account</span>
                )}
              </td>
              <td className="py-2 pr-3">{row.kind}</td>
              <td className="max-w-md break-words py-2 pr-3 text-xs text-slate-700">
                {describeQuery(row.kind, row.query)}
              </td>
              <td className="py-2">
                <span
                  className={`rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[row.outcome] ?? ''}`}
                >
                  {row.outcome}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
