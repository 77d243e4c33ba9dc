import { describe, expect, it } from 'vitest';
import { historyValueAxis } from './history-axis';

describe('historyValueAxis', () => {
  it('ends an AUROC axis at 1 when the best value is near it, with 1 as its top tick', () => {
    const axis = historyValueAxis([0.82, 0.91, 0.985], [0, 1]);
    expect(axis.domain[1]).toBe(1);
    expect(axis.ticks.at(-1)).toBe(1);
    expect(axis.domain[0]).toBeLessThanOrEqual(0.82);
  });

  it('never leaves the metric’s range at either end', () => {
    const axis = historyValueAxis([0.001, 0.02], [0, 1]);
    expect(axis.domain[0]).toBe(0);
    expect(axis.ticks[0]).toBe(0);
    for (const values of [[0.5], [0.999, 1], [0, 0.003], [0.31, 0.32, 0.33]]) {
      const { domain, ticks } = historyValueAxis(values, [0, 1]);
      expect(domain[0]).toBeGreaterThanOrEqual(0);
      expect(domain[1]).toBeLessThanOrEqual(1);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(domain[0]);
      expect(Math.max(...values)).toBeLessThanOrEqual(domain[1]);
      for (const tick of ticks) {
        expect(tick).toBeGreaterThanOrEqual(domain[0]);
        expect(tick).toBeLessThanOrEqual(domain[1]);
      }
    }
  });

  it('uses round ticks without float noise', () => {
    expect(historyValueAxis([0.71, 0.74, 0.79], [0, 1])).toEqual({
      domain: [0.7, 0.8],
      ticks: [0.7, 0.725, 0.75, 0.775, 0.8],
    });
  });

  it('leaves an unbounded metric (a distance in mm) free above, and gives one value a span', () => {
    const axis = historyValueAxis([12.5, 30.2], [0, Infinity]);
    expect(axis.domain[0]).toBe(10);
    expect(axis.domain[1]).toBe(35);
    expect(historyValueAxis([0.5], null)).toEqual({
      domain: [0.48, 0.52],
      ticks: [0.48, 0.5, 0.52],
    });
  });
});
