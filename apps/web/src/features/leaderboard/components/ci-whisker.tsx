/**
 * A compact point-and-interval mark on a shared axis, so a column of CIs reads at a glance.
 * Decorative: the numbers are in the adjacent text.
 */
export function CiWhisker({
  value,
  low,
  high,
  min,
  max,
}: {
  value: number | null;
  low: number | null;
  high: number | null;
  min: number;
  max: number;
}) {
  if (value === null) return null;
  const width = 96;
  const span = max - min || 1;
  const x = (v: number) => Math.max(0, Math.min(width, ((v - min) / span) * width));
  return (
    <svg aria-hidden width={width} height={10} className="mt-1 block overflow-visible">
      <line x1={0} x2={width} y1={5} y2={5} className="stroke-slate-200" strokeWidth={1} />
      {low !== null && high !== null && (
        <line
          x1={x(low)}
          x2={x(high)}
          y1={5}
          y2={5}
          className="stroke-brand-500"
          strokeWidth={3}
          strokeLinecap="round"
        />
      )}
      <circle cx={x(value)} cy={5} r={3.5} className="fill-brand-700" />
    </svg>
  );
}
