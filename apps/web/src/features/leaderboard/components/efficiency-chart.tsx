'use client';
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInferenceTime, formatMetricValue, type MetricDisplay } from '@/lib/format';
import { efficiencyDomains, type EfficiencyPoint } from '../efficiency-points';

const ONNX_COLOR = '#1f58c0';
const ENDPOINT_COLOR = '#b45309';

/**
 * Performance against efficiency (U-Bench style): each timed entry's value on the sorted metric
 * against its mean time per case, on a logarithmic time axis. ONNX runs and endpoint round trips
 * differ in shape (circle / diamond) and colour, since an endpoint's time includes the network.
 */
export function EfficiencyChart({
  points,
  metricLabel,
  display,
}: {
  points: EfficiencyPoint[];
  metricLabel: string;
  display: MetricDisplay;
}) {
  const domains = efficiencyDomains(points);
  // Only the kinds this board has, so the legend names nothing that is not drawn.
  const series = (
    [
      { kind: 'onnx', name: 'ONNX model', fill: ONNX_COLOR, shape: 'circle' },
      { kind: 'endpoint', name: 'Endpoint (round trip)', fill: ENDPOINT_COLOR, shape: 'diamond' },
    ] as const
  ).filter((s) => points.some((p) => p.kind === s.kind));
  return (
    <div className="h-72 w-full" data-testid="efficiency-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis
            dataKey="meanMs"
            type="number"
            scale="log"
            domain={domains.timeMs}
            ticks={domains.timeTicksMs}
            allowDataOverflow
            tickFormatter={(ms: number) => formatInferenceTime(ms)}
            tick={{ fontSize: 12, fill: '#475569' }}
            label={{
              value: 'Time per case (mean, log scale)',
              position: 'insideBottom',
              offset: -16,
              fill: '#475569',
              fontSize: 12,
            }}
          />
          <YAxis
            dataKey="value"
            type="number"
            domain={domains.value}
            tickFormatter={(v: number) => formatMetricValue(v, display)}
            tick={{ fontSize: 12, fill: '#475569' }}
            width={64}
            label={{
              value: metricLabel,
              angle: -90,
              position: 'insideLeft',
              fill: '#475569',
              fontSize: 12,
            }}
          />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as EfficiencyPoint | undefined) : null;
              if (!point) return null;
              return (
                <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-sm">
                  <p className="font-medium text-slate-900">{point.methodName}</p>
                  <p className="text-slate-600">
                    {metricLabel} {formatMetricValue(point.value, display)} ·{' '}
                    {formatInferenceTime(point.meanMs)} / case
                  </p>
                </div>
              );
            }}
          />
          <Legend verticalAlign="top" height={28} />
          {series.map((s) => (
            <Scatter
              key={s.kind}
              data={points.filter((p) => p.kind === s.kind)}
              name={s.name}
              fill={s.fill}
              shape={s.shape}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
