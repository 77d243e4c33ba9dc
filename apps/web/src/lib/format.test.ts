import { describe, expect, it } from 'vitest';
import { formatCi, formatParameterCount, formatValue } from './format';

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
