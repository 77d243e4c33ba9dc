import { describe, expect, it } from 'vitest';
import { row, view } from './board-fixtures.testing';
import { efficiencyDomains, efficiencyPoints, type EfficiencyPoint } from './efficiency-points';

const timing = (meanMs: number, kind: 'onnx' | 'endpoint' = 'onnx') => ({
  kind,
  meanMs,
  p50Ms: meanMs,
  p95Ms: meanMs,
});

describe('efficiencyPoints', () => {
  it('plots each timed entry at its mean time per case and its value on the sort metric', () => {
    const points = efficiencyPoints(
      view([
        row({ id: 'a', inference: timing(12.3) }),
        row({
          id: 'b',
          methodName: 'GPT',
          inference: timing(850, 'endpoint'),
          scores: { dice: { value: 0.9, ciLow: null, ciHigh: null } },
        }),
      ]),
    );
    expect(points).toEqual([
      { id: 'a', methodName: 'UNet', kind: 'onnx', meanMs: 12.3, value: 0.81 },
      { id: 'b', methodName: 'GPT', kind: 'endpoint', meanMs: 850, value: 0.9 },
    ]);
  });

  it('leaves out untimed, valueless and disqualified entries', () => {
    const points = efficiencyPoints(
      view([
        row({ id: 'file' }),
        row({ id: 'novalue', inference: timing(5), scores: {} }),
        row({ id: 'dq', inference: timing(5), moderation: 'DISQUALIFIED' }),
      ]),
    );
    expect(points).toEqual([]);
  });

  it('places a time that rounds to 0 ms at 0.1 ms, where a log axis can show it', () => {
    expect(efficiencyPoints(view([row({ inference: timing(0) })]))[0]?.meanMs).toBe(0.1);
  });
});

describe('efficiencyDomains', () => {
  const point = (meanMs: number, value: number): EfficiencyPoint => ({
    id: String(meanMs),
    methodName: 'm',
    kind: 'onnx',
    meanMs,
    value,
  });

  it('spans whole decades around the times and pads the values by a tenth of their spread', () => {
    const { timeMs, timeTicksMs, value } = efficiencyDomains([point(0.4, 0.8), point(12.3, 0.57)]);
    expect(timeMs).toEqual([0.1, 100]);
    expect(timeTicksMs).toEqual([0.1, 1, 10, 100]);
    expect(value[0]).toBeCloseTo(0.547, 12);
    expect(value[1]).toBeCloseTo(0.823, 12);
  });

  it('keeps a decade and a value band when every point is the same', () => {
    const { timeMs, value } = efficiencyDomains([point(10, 0.5), point(10, 0.5)]);
    expect(timeMs).toEqual([10, 100]);
    expect(value).toEqual([0.45, 0.55]);
  });
});
