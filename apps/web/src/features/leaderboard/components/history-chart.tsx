'use client';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { historyValueAxis } from '../history-axis';

export interface HistoryChartPoint {
  time: number;
  value: number;
  kind: 'verified' | 'reported';
  methodName: string;
  isRecord: boolean;
}

const VERIFIED_COLOR = '#1f58c0';
const REPORTED_COLOR = '#b45309';
const dateLabel = (time: number) =>
  new Date(time).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * State of the art over time: a step line through the records, every entry as a point.
 * Verified and reported entries differ in shape (circle / triangle) AND colour, so the
 * distinction survives colour blindness and greyscale printing.
 */
export function HistoryChart({
  points,
  metricLabel,
  decimals,
  range,
}: {
  points: HistoryChartPoint[];
  metricLabel: string;
  decimals: number;
  /** The metric's declared range (describeMetric): the axis stays inside it. */
  range: readonly [number, number] | null;
}) {
  const axis = historyValueAxis(
    points.map((p) => p.value),
    range,
  );
  const records = points.filter((p) => p.isRecord);
  // The step line continues flat to the latest entry: the record still stands there.
  const last = points.at(-1);
  const lastRecord = records.at(-1);
  const stepLine =
    last && lastRecord && last.time > lastRecord.time
      ? [...records, { ...lastRecord, time: last.time }]
      : records;
  return (
    <div className="h-72 w-full" data-testid="history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={dateLabel}
            tick={{ fontSize: 12, fill: '#475569' }}
          />
          <YAxis
            dataKey="value"
            type="number"
            domain={axis.domain}
            ticks={axis.ticks}
            allowDataOverflow={false}
            tickFormatter={(v: number) => v.toFixed(decimals)}
            tick={{ fontSize: 12, fill: '#475569' }}
            width={56}
            label={{
              value: metricLabel,
              angle: -90,
              position: 'insideLeft',
              fill: '#475569',
              fontSize: 12,
            }}
          />
          <Tooltip
            labelFormatter={(t) => dateLabel(Number(t))}
            formatter={(value) =>
              typeof value === 'number' ? value.toFixed(decimals) : String(value)
            }
          />
          <Legend />
          <Line
            data={stepLine}
            dataKey="value"
            type="stepAfter"
            name="State of the art"
            stroke="#0f766e"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Scatter
            data={points.filter((p) => p.kind === 'verified')}
            dataKey="value"
            name="Verified"
            fill={VERIFIED_COLOR}
            shape="circle"
            isAnimationActive={false}
          />
          <Scatter
            data={points.filter((p) => p.kind === 'reported')}
            dataKey="value"
            name="Reported"
            fill={REPORTED_COLOR}
            shape="triangle"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
