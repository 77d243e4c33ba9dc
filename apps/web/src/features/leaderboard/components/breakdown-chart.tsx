'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface BreakdownBar {
  category: string;
  value: number;
  /** Distances from value to the CI ends (ErrorBar's convention). */
  error: [number, number];
  n: number;
}

/** One dimension's categories as horizontal bars with 95% CI whiskers. */
export function BreakdownChart({ bars, decimals }: { bars: BreakdownBar[]; decimals: number }) {
  return (
    <div style={{ height: 40 + bars.length * 30 }} className="w-full" data-testid="breakdown-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            // Bars start at zero: a bar's length must be its value, not its distance from a cut axis.
            domain={[0, 'auto']}
            tick={{ fontSize: 12, fill: '#475569' }}
            tickFormatter={(v: number) => v.toFixed(decimals)}
          />
          <YAxis
            type="category"
            dataKey="category"
            width={130}
            tick={{ fontSize: 12, fill: '#334155' }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(decimals) : String(v))} />
          <Bar dataKey="value" fill="#5b8def" isAnimationActive={false}>
            <ErrorBar dataKey="error" direction="x" width={5} stroke="#142c57" strokeWidth={1.5} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
