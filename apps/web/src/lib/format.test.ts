import { describe, expect, it } from 'vitest';
import { formatCi, formatMetricValue, formatParameterCount, formatValue } from './format';

describe('formatParameterCount', () => {
  it('writes counts the way papers do', () => {
    expect(formatParameterCount(7_000_000_000)).toBe('7.0 B');
    expect(formatParameterCount(86_400_000)).toBe('86 M');
    expect(formatParameterCount(25_000)).toBe('25 K');
    expect(formatParameterCount(12)).toBe('12');
  });
});

describe('formatValue / formatCi', () => {
  it('prints a dash for a missing value and no CI when an end is missing', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(0.12345, 2)).toBe('0.12');
    expect(formatCi(0.1, null)).toBeNull();
    expect(formatCi(0.1, 0.2, 1)).toBe('0.1–0.2');
  });
});

describe('formatMetricValue', () => {
  it('shows a percent column as value × 100 with a % sign after a no-break space', () => {
    expect(formatMetricValue(0.5396, { decimals: 2, percent: true })).toBe('53.96\u00a0%');
    expect(formatMetricValue(0.2594, { decimals: 2, percent: true })).toBe('25.94\u00a0%');
    expect(formatMetricValue(1, { decimals: 1, percent: true })).toBe('100.0\u00a0%');
  });

  it('shows a plain column as the fraction, and a dash for a missing value either way', () => {
    expect(formatMetricValue(0.5396, { decimals: 3 })).toBe('0.540');
    expect(formatMetricValue(0.5396, { decimals: 3, percent: false })).toBe('0.540');
    expect(formatMetricValue(null, { decimals: 2, percent: true })).toBe('—');
    expect(formatMetricValue(Number.NaN, { decimals: 2 })).toBe('—');
  });
});
