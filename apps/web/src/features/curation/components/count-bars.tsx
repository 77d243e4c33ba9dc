/**
 * A small horizontal bar chart as a list: each bar carries its count as text, so the chart reads
 * the same to a screen reader as it looks.
 */
export function CountBars({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: { label: string; count: number }[];
  testId?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <figure data-testid={testId} className="min-w-0">
      <figcaption className="text-sm font-medium text-slate-700">{title}</figcaption>
      <ul className="mt-2 space-y-1.5">
        {rows.map((row) => (
          <li
            key={row.label}
            className="grid grid-cols-[minmax(0,8rem)_1fr_auto] items-center gap-2 text-xs"
          >
            <span className="truncate text-slate-700" title={row.label}>
              {row.label}
            </span>
            <span aria-hidden className="h-2.5 overflow-hidden rounded-full bg-slate-100">
              <span
                className="block h-full rounded-full bg-brand-500"
                style={{ width: `${(row.count / max) * 100}%` }}
              />
            </span>
            <span className="tabular text-right text-slate-600">
              {row.count}
              <span className="text-slate-500">
                {' '}
                ({total ? Math.round((row.count / total) * 100) : 0}%)
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
