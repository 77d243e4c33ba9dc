import { describe, expect, it } from 'vitest';
import { HEAT_STEPS, heatStep, valueRange } from './heat-scale';

describe('heatStep', () => {
  const range = { min: 0.5, max: 0.9 };

  it('gives the darkest step to the best value in either direction', () => {
    expect(heatStep(0.9, range, true)).toBe(HEAT_STEPS.length - 1);
    expect(heatStep(0.5, range, false)).toBe(HEAT_STEPS.length - 1);
  });

  it('gives the lightest coloured step to the worst value', () => {
    expect(heatStep(0.5, range, true)).toBe(1);
    expect(heatStep(0.9, range, false)).toBe(1);
  });

  it('leaves missing values and flat ranges uncoloured', () => {
    expect(heatStep(null, range, true)).toBe(0);
    expect(heatStep(0.7, { min: 0.7, max: 0.7 }, true)).toBe(0);
    expect(heatStep(Number.NaN, range, true)).toBe(0);
  });
});

describe('valueRange', () => {
  it('ignores missing values', () => {
    expect(valueRange([0.3, null, 0.8, Number.NaN])).toEqual({ min: 0.3, max: 0.8 });
    expect(valueRange([null])).toEqual({ min: 0, max: 0 });
  });
});
