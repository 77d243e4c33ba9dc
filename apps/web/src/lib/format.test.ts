import { describe, expect, it } from 'vitest';
import {
  formatInferenceTime,
  CI_LABEL,
  formatCi,
  formatWithCi,
  formatMetricValue,
  formatParameterCount,
  formatValue,
} from './format';

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

describe('formatWithCi', () => {
  it('writes a value and its CI in the one notation of the site', () => {
    expect(CI_LABEL).toBe('95% CI');
    expect(formatWithCi(0.8712, 0.83, 0.9149)).toBe('0.871 (95% CI 0.830–0.915)');
    expect(formatWithCi(0.87, 0.8, 0.9, 2)).toBe('0.87 (95% CI 0.80–0.90)');
  });

  it('writes "to" instead of a dash when an end is negative', () => {
    expect(formatCi(-0.0204, 0.0101)).toBe('-0.020 to 0.010');
    expect(formatWithCi(-0.03, -0.05, -0.01, 2)).toBe('-0.03 (95% CI -0.05 to -0.01)');
  });

  it("writes a percent column's CI with its unit once, after the interval", () => {
    const percent = { decimals: 2, percent: true };
    expect(formatCi(0.521, 0.558, percent)).toBe('52.10–55.80\u00a0%');
    expect(formatWithCi(0.5396, 0.521, 0.558, percent)).toBe(
      '53.96\u00a0% (95% CI 52.10–55.80\u00a0%)',
    );
    expect(formatCi(-0.02, 0.01, percent)).toBe('-2.00 to 1.00\u00a0%');
    // A display without percent is the decimals alone.
    expect(formatCi(0.79, 0.83, { decimals: 3 })).toBe(formatCi(0.79, 0.83, 3));
  });

  it('drops a CI with a non-finite end', () => {
    expect(formatCi(Number.NaN, 0.8)).toBeNull();
    expect(formatWithCi(0.8, 0.7, Number.POSITIVE_INFINITY)).toBe('0.800');
  });

  it('drops the CI when an end is missing, and writes a dash for a missing value', () => {
    expect(formatWithCi(0.8712, null, 0.9)).toBe('0.871');
    expect(formatWithCi(null, 0.8, 0.9)).toBe('—');
    expect(formatWithCi(Number.NaN, 0.8, 0.9)).toBe('—');
  });
});

describe('formatInferenceTime', () => {
  const nbsp = (text: string) => text.replaceAll(' ', '\u00a0');
  it.each([
    [12.3, '12.3 ms'],
    [0.15, '0.1 ms'],
    [0.2, '0.2 ms'],
    [0, '< 0.1 ms'],
    [999.9, '999.9 ms'],
    [999.96, '1.0 s'],
    [1_449, '1.4 s'],
    [59_940, '59.9 s'],
    [59_960, '1.0 min'],
    [125_000, '2.1 min'],
  ])('%f ms → %s', (ms, expected) => {
    expect(formatInferenceTime(ms)).toBe(nbsp(expected));
  });

  it.each([[null], [undefined], [Number.NaN], [Infinity], [-1]])(
    'writes an em dash for %s',
    (ms) => {
      expect(formatInferenceTime(ms)).toBe('—');
    },
  );
});
