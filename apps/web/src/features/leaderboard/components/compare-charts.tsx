'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface DiffPoint {
  label: string;
  diff: number;
  /** Distances from diff to the CI ends, as ErrorBar wants them. */
  error: [number, number];
}

/** A forest plot: per metric the paired difference a − b and its 95% CI; zero marked. */
export function DiffForestChart({ points }: { points: DiffPoint[] }) {
  return (
    <div style={{ height: 48 + points.length * 40 }} className="w-full" data-testid="compare-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            dataKey="diff"
            domain={['auto', 'auto']}
            tick={{ fontSize: 12, fill: '#475569' }}
            tickFormatter={(v: number) => v.toFixed(3)}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={120}
            tick={{ fontSize: 12, fill: '#334155' }}
            allowDuplicatedCategory={false}
          />
          <ReferenceLine x={0} stroke="#64748b" />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Scatter data={points} dataKey="diff" fill="#1f58c0" isAnimationActive={false}>
            <ErrorBar dataKey="error" direction="x" width={6} stroke="#1f58c0" strokeWidth={2} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface DeltaBar {
  label: string;
  delta: number;
}

/** Per-category deltas a − b on one metric, coloured by which entry the category favours. */
export function CategoryDeltaChart({
  bars,
  higherIsBetter,
}: {
  bars: DeltaBar[];
  higherIsBetter: boolean;
}) {
  const favoursA = (delta: number) => delta > 0 === higherIsBetter;
  return (
    <div
      style={{ height: 48 + bars.length * 28 }}
      className="w-full"
      data-testid="category-delta-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tick={{ fontSize: 12, fill: '#475569' }}
            tickFormatter={(v: number) => v.toFixed(3)}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={140}
            tick={{ fontSize: 12, fill: '#334155' }}
          />
          <ReferenceLine x={0} stroke="#64748b" />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Bar dataKey="delta" isAnimationActive={false}>
            {bars.map((bar) => (
              <Cell key={bar.label} fill={favoursA(bar.delta) ? '#1f58c0' : '#b45309'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
